// The package's own way to send an envelope it built itself (buildEvent's or buildMilestone's output, or an outbox row
// that enqueue wrote from it): the same checks as sendEvent except the zod parse of the envelope,
// which that envelope already passed. Kept off the public CelloClient: a client from elsewhere (a
// test double, a wrapper) is sent through its sendEvent, which validates as before.
import type { CelloClient, CelloEventReceipt } from './CelloClient'
import type { CallOptions, CelloAnyEventEnvelope } from './types'

/** Sends an envelope built (and validated) by this package. */
export type BuiltEventSender = (envelope: CelloAnyEventEnvelope, options?: CallOptions) => Promise<CelloEventReceipt>

const senders = new WeakMap<CelloClient, BuiltEventSender>()

/** Called by createCelloClient for each client it makes. */
export function registerBuiltEventSender(client: CelloClient, send: BuiltEventSender): void {
  senders.set(client, send)
}

/** `client`'s sender for built envelopes; its `sendEvent` when createCelloClient did not make it. */
export function builtEventSender(client: CelloClient): BuiltEventSender {
  return senders.get(client) ?? ((envelope, options) => client.sendEvent(envelope, options))
}
