// What one claimed outbox event becomes: sent, checked, held, retried or given up, from the outcome
// rules of classifyDelivery. Used by createCelloOutbox's drainer; knows nothing of stores.
import { isMilestone } from '../client/buildMilestone'
import { builtEventSender } from '../client/builtEventSender'
import { classifyDelivery } from './classifyDelivery'
import type { CelloClient } from '../client/CelloClient'
import type { ClaimedEvent, OutboxSettlement } from './CelloOutboxStore'
import { verifySignupReferral } from './verifySignupReferral'

/** The settings of {@link createEventDelivery}, resolved by createCelloOutbox. */
export interface EventDeliveryOptions {
  client: CelloClient
  now: () => number
  sendTimeoutMs: number
  checkAfterMs: number
  maxAgeMs: number
  resendAmbiguous: boolean
  backoff: { baseMs: number; maxMs: number }
}

/**
 * Returns `deliver(event, deadline, stopping, signal)`: the settlement of one claimed event, every
 * send ending by `deadline`; with `stopping`, the event goes back untried (its drainer is
 * stopping). `signal`, when given, must abort at `deadline` (the batch's one timer, shared by its
 * sends); without it each send makes its own.
 */
export function createEventDelivery({
  client,
  now,
  sendTimeoutMs,
  checkAfterMs,
  maxAgeMs,
  resendAmbiguous,
  backoff: { baseMs, maxMs },
}: EventDeliveryOptions) {
  // The envelopes were built and checked by enqueue (buildEvent): not parsed again per send.
  const sendEvent = builtEventSender(client)
  const backoff = (attempts: number, retryAfterMs: number | null) => {
    const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
    return Math.max(step / 2 + Math.random() * (step / 2), retryAfterMs ?? 0)
  }

  // Decides the outcome of one claimed event: sends it, or resolves its ambiguity first.
  return async function deliver(
    event: ClaimedEvent,
    deadline: number,
    stopping = false,
    signal?: AbortSignal,
  ): Promise<OutboxSettlement> {
    const settle = (s: Omit<OutboxSettlement, 'key' | 'leaseToken'>): OutboxSettlement => ({
      key: event.key,
      leaseToken: event.leaseToken,
      ...s,
    })
    // Every send of a batch ends within sendTimeoutMs of its claim, however long the batch takes:
    // a send still on the wire when the lease ends could meet another drainer's resend.
    const left = deadline - now()
    if (stopping || left < Math.min(1000, sendTimeoutMs / 4)) {
      return settle({
        state: event.uncertain ? 'ambiguous' : 'queued',
        uncertain: event.uncertain,
        retryInMs: event.uncertain ? checkAfterMs : 0,
        reason:
          event.reason ??
          (stopping ? 'not tried: its drainer was stopping' : 'not tried: its batch ran out of time before its turn'),
        status: event.lastStatus,
        requestId: event.requestId,
      })
    }
    const timeout = () => signal ?? AbortSignal.timeout(Math.max(1, deadline - now()))
    // The age by the store's clock: this drainer's own may be off (days, on a bad host).
    const expired = event.ageMs > maxAgeMs
    let uncertain = event.uncertain
    if (uncertain) {
      if (event.trigger === 'new-signup' && !isMilestone(event.envelope)) {
        const newUserId = event.envelope.payload.newUserId
        try {
          const reward = await client.getNewUserReward(newUserId, { retries: 0, signal: timeout() })
          if (reward.signupId || reward.referralUcc || reward.signupAt) {
            return settle({
              state: 'delivered',
              uncertain: false,
              reason: 'an earlier attempt reached Cello (confirmed by GET /new-users/{productUserId}/reward)',
            })
          }
          uncertain = false // Cello has no signup for this user: the earlier attempt did not arrive.
        } catch (error) {
          const { reason, status, requestId } = classifyDelivery(error)
          if (expired)
            return settle({
              state: 'held',
              uncertain: true,
              reason: `not confirmed within maxAgeMs; last check failed: ${reason}`,
              status,
              requestId,
            })
          return settle({
            state: 'ambiguous',
            uncertain: true,
            retryInMs: Math.max(checkAfterMs, backoff(event.attempts, null)),
            reason: `may have reached Cello; the check failed: ${reason}`,
            status,
            requestId,
          })
        }
      } else if (!resendAmbiguous) {
        return settle({
          state: 'held',
          uncertain: true,
          reason: `May have reached Cello; check its Event Feed, then resolve it. Last attempt: ${event.reason ?? 'the drainer stopped mid-send (its lease expired)'}`,
          status: event.lastStatus,
          requestId: event.requestId,
        })
      }
    }
    if (expired)
      return settle({
        state: uncertain ? 'held' : 'dead',
        uncertain,
        reason: `not delivered within maxAgeMs (${maxAgeMs} ms); last: ${event.reason ?? 'none'}`,
      })
    if (event.trigger === 'new-signup' && !uncertain) {
      const refused = await verifySignupReferral(client, event, timeout(), (after) => backoff(event.attempts, after))
      if (refused) return settle(refused)
    }
    try {
      const { status, requestId } = await sendEvent(event.envelope, { retries: 0, signal: timeout() })
      return settle({
        state: 'delivered',
        uncertain: false,
        reason: uncertain ? 'resent after an ambiguous attempt (ambiguous: resend): Cello may have it twice' : null,
        status,
        requestId,
      })
    } catch (error) {
      const c = classifyDelivery(error)
      const common = { status: c.status, requestId: c.requestId }
      switch (c.outcome) {
        case 'delivered':
          return settle({ state: 'delivered', uncertain: false, reason: c.reason, ...common })
        case 'refused':
          return settle({ state: 'dead', uncertain, reason: `Cello refused it: ${c.reason}`, ...common })
        case 'not_sent':
          return settle({
            state: uncertain ? 'ambiguous' : 'queued',
            uncertain,
            retryInMs: uncertain
              ? Math.max(checkAfterMs, backoff(event.attempts, c.retryAfterMs))
              : backoff(event.attempts, c.retryAfterMs),
            reason: c.reason,
            ...common,
          })
        case 'ambiguous':
          return settle({
            state: 'ambiguous',
            uncertain: true,
            retryInMs: Math.max(checkAfterMs, backoff(event.attempts, c.retryAfterMs)),
            reason: c.reason,
            ...common,
          })
      }
    }
  }
}
