import * as z from 'zod/mini'
import { CelloError, type CelloServerErrorCode } from '../../shared/CelloError'
import { buildEvent } from './buildEvent'
import { buildMilestone, isMilestone } from './buildMilestone'
import { registerBuiltEventSender } from './builtEventSender'
import type { TransportOptions } from './celloTransport'
import type { CelloClient, CelloClientOptions, CelloEventReceipt } from './CelloClient'
import { CelloValidationError } from './CelloApiError'
import { createAuthedSender } from '../tokens/createAuthedSender'
import { duplicateSourceError } from './duplicateSourceError'
import { maxPriceIssue } from '../payments/moneyRules'
import { resolveClientOptions } from './resolveClientOptions'
import {
  activeLinkSchema,
  eventEnvelopeSchema,
  eventResponseSchema,
  idSchema,
  milestoneEnvelopeSchema,
  parseInput,
  referralCodeValidationSchema,
  rewardEligibilitySchema,
  uccSchema,
} from './schemas'
import type {
  CallOptions,
  CelloAnyEventEnvelope,
  CelloEventEnvelope,
  EventSubject,
  TrackChargeRefundedInput,
  TrackDemoCallAttendedInput,
  TrackInvoicePaidInput,
  TrackMilestoneInput,
  TrackSignupInput,
} from './types'

/**
 * A client for Cello's REST API. Server only: it holds your secret keys.
 *
 * @example
 * const cello = createCelloClient({
 *   accessKeyId: process.env.CELLO_ACCESS_KEY_ID!,
 *   secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY!,
 *   environment: 'sandbox',
 * })
 * await cello.trackSignup({ ucc, newUser: { id: user.id, email: user.email, name: user.name } })
 */
export function createCelloClient(options: CelloClientOptions): CelloClient {
  if (typeof window !== 'undefined' && typeof document !== 'undefined' && !options?.dangerouslyAllowBrowser) {
    throw new CelloError<CelloServerErrorCode>(
      'server_only',
      'createCelloClient runs on a server only: it holds your Cello secret keys, which must never reach a browser. Call your backend (createCelloHandler) from the page instead.',
    )
  }
  const resolved = resolveClientOptions(options)
  const { accessKeyId, secretAccessKey, environment, baseUrl, sources, maxPrice } = resolved

  // The transport's `secrets` is read at error time, so tokens issued later are redacted too.
  const transport: TransportOptions = {
    baseUrl,
    fetch: options?.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: resolved.timeoutMs,
    retry: resolved.retry,
    log: options?.log,
    secrets: () => [accessKeyId, secretAccessKey, ...sender.held()],
  }
  const sender = createAuthedSender({
    transport,
    accessKeyId,
    secretAccessKey,
    checkKeys: resolved.checkKeys,
    tokenStore: options?.tokenStore,
    now: options?.now ?? Date.now,
    log: options?.log,
  })
  const authed = sender.send

  const id = (value: unknown, field: string, what: string) =>
    encodeURIComponent(parseInput(idSchema, value, what, field))

  /** The envelope, parsed: a milestone or a v1 event (what `sendEvent` accepts from anyone). */
  const parsedEvent = (envelope: CelloAnyEventEnvelope): CelloAnyEventEnvelope =>
    isMilestone(envelope)
      ? parseInput(milestoneEnvelopeSchema, envelope, 'The event')
      : parseInput(eventEnvelopeSchema, envelope, 'The event')

  async function sendEvent(envelope: CelloAnyEventEnvelope, options?: CallOptions): Promise<CelloEventReceipt> {
    return sendBuiltEvent(parsedEvent(envelope), options)
  }

  // sendEvent without the envelope's zod parse: for envelopes this package built (track*, the
  // outbox's rows). The money and source rules still run: they depend on this client's options.
  async function sendBuiltEvent(
    body: CelloAnyEventEnvelope,
    { signal, retries }: CallOptions = {},
  ): Promise<CelloEventReceipt> {
    if (!isMilestone(body)) {
      const { price, currency } = body.payload
      const over = price === undefined || !currency ? null : maxPriceIssue(price, currency, maxPrice)
      if (over) throw new CelloValidationError('The event', [{ ...over, path: `payload.${over.path}` }])
      const duplicate = duplicateSourceError(sources, body.context.event.trigger)
      if (duplicate) throw duplicate
    }
    let receipt: CelloEventReceipt = { status: 200, requestId: null }
    await authed({
      method: 'POST',
      path: '/events',
      template: '/events',
      kind: 'event',
      body,
      schema: eventResponseSchema,
      signal,
      retries,
      onAnswer: (answer) => (receipt = answer),
    })
    return receipt
  }

  const track =
    <I extends EventSubject>(trigger: Parameters<typeof buildEvent>[0]) =>
    async (input: I, options: CallOptions = {}): Promise<CelloEventEnvelope> => {
      const duplicate = duplicateSourceError(sources, trigger)
      if (duplicate) throw duplicate
      const envelope = buildEvent(trigger, input, { maxPrice })
      await sendBuiltEvent(envelope, options)
      return envelope
    }

  const client: CelloClient = {
    environment,
    baseUrl,
    sources,
    maxPrice,
    getActiveLink: async (productUserId, { signal } = {}) =>
      authed({
        method: 'GET',
        kind: 'read',
        signal,
        schema: activeLinkSchema,
        path: `/referral-codes/active-link/${id(productUserId, 'productUserId', 'getActiveLink')}`,
        template: '/referral-codes/active-link/{productUserId}',
      }),
    validateReferralCode: async (code, { signal, retries } = {}) =>
      authed({
        method: 'GET',
        kind: 'read',
        signal,
        retries,
        schema: referralCodeValidationSchema,
        path: `/referral-codes/${encodeURIComponent(parseInput(uccSchema, code, 'validateReferralCode', 'code'))}`,
        template: '/referral-codes/{code}',
      }),
    getNewUserReward: async (productUserId, { signal, retries } = {}) =>
      authed({
        method: 'GET',
        kind: 'read',
        signal,
        retries,
        schema: rewardEligibilitySchema,
        path: `/new-users/${id(productUserId, 'productUserId', 'getNewUserReward')}/reward`,
        template: '/new-users/{productUserId}/reward',
      }),
    depersonalizeReferrer: async (productUserId, { signal } = {}) => {
      await authed({
        method: 'POST',
        kind: 'read',
        signal,
        schema: z.unknown(),
        path: `/referrers/${id(productUserId, 'productUserId', 'depersonalizeReferrer')}/depersonalize`,
        template: '/referrers/{productUserId}/depersonalize',
      })
    },
    sendEvent,
    trackSignup: track<TrackSignupInput>('new-signup'),
    trackDemoCallAttended: track<TrackDemoCallAttendedInput>('demo-call-attended'),
    trackInvoicePaid: track<TrackInvoicePaidInput>('invoice-paid'),
    trackChargeRefunded: track<TrackChargeRefundedInput>('charge-refunded'),
    trackMilestone: async (input: TrackMilestoneInput, options: CallOptions = {}) => {
      const envelope = buildMilestone(input)
      await sendBuiltEvent(envelope, options)
      return envelope
    },
  }
  registerBuiltEventSender(client, sendBuiltEvent)
  // What JSON.stringify and util.inspect show: never the keys or tokens.
  const visible = () => ({ environment, baseUrl })
  Object.defineProperties(client, {
    sources: { writable: false, configurable: false },
    maxPrice: { writable: false, configurable: false },
    toJSON: { value: visible },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => `CelloClient ${JSON.stringify(visible())}` },
  })
  return client
}
