import * as z from 'zod'
import { CelloError, type CelloServerErrorCode } from '../shared/CelloError'
import type { CelloEnvironment } from '../shared/types'
import { CelloApiError } from './CelloApiError'
import { buildEvent } from './buildEvent'
import {
  sendToCello,
  type CelloLogEvent,
  type RetryOptions,
  type TransportOptions,
  type TransportRequest,
} from './celloTransport'
import { createTokenManager } from './createTokenManager'
import {
  duplicateSourceError,
  sourcesSchema,
  type CelloSources,
  type ResolvedCelloSources,
} from './duplicateSourceError'
import type { CelloTokenStore } from './CelloTokenStore'
import { memoryTokenStore } from './memoryTokenStore'
import { createSharedTokenRecord } from './sharedTokenRecord'
import {
  activeLinkSchema,
  eventEnvelopeSchema,
  eventResponseSchema,
  idSchema,
  parseInput,
  referralCodeValidationSchema,
  refreshTokenResponseSchema,
  rewardEligibilitySchema,
  tokenResponseSchema,
  uccSchema,
} from './schemas'
import type {
  ActiveLinkResponse,
  CallOptions,
  CelloEventEnvelope,
  EventSubject,
  ReferralCodeResponse,
  RewardEligibility,
  TrackChargeRefundedInput,
  TrackDemoCallAttendedInput,
  TrackInvoicePaidInput,
  TrackSignupInput,
} from './types'

/** Cello's API hosts (https://docs.cello.so/api-reference/introduction). */
export const CELLO_API_URLS: Record<CelloEnvironment, string> = {
  production: 'https://api.cello.so',
  sandbox: 'https://api.sandbox.cello.so',
}

/** Options of {@link createCelloClient}. */
export interface CelloClientOptions {
  /** From Cello's portal, Access Keys (per environment). */
  accessKeyId: string
  /** From Cello's portal, Access Keys. Never leaves this client. */
  secretAccessKey: string
  /** @defaultValue 'production' */
  environment?: CelloEnvironment
  /** Overrides the environment's host, e.g. `emulator.url` from `react-cello/testing`. */
  baseUrl?: string
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch
  /** Per attempt. @defaultValue 10000 */
  timeoutMs?: number
  /**
   * Retries with backoff and jitter; see {@link RetryOptions} for the policy on events. A field
   * left out or given as `undefined` keeps its default; numbers must be finite and not negative.
   */
  retry?: RetryOptions
  /** Structured log of retries and token exchanges; never contains a key, token or body. */
  log?: (event: CelloLogEvent) => void
  /**
   * Where the access token is kept, encrypted, so that every instance sharing the store makes one
   * `POST /token` instead of one each (e.g. `redisTokenStore(redis)`). A failing or slow store (over
   * 1 s) is logged as `store_failed` and the client carries on with its own token.
   * @defaultValue memoryTokenStore(), one per client
   */
  tokenStore?: CelloTokenStore
  /** The client's clock in ms, for tests. @defaultValue Date.now */
  now?: () => number
  /** Allow creating the client where `window` and `document` exist (tests only: it exposes your keys). */
  dangerouslyAllowBrowser?: boolean
  /**
   * Who reports signups and purchases to Cello. Set `purchases` (and `signups`, when the customer
   * is created at signup with the referral in its metadata) to `'stripe'` or `'chargebee'` when
   * Cello's webhook for it is connected: the client then refuses those events with a
   * `duplicate_source` CelloError instead of making Cello count them twice.
   * @defaultValue { purchases: 'api', signups: 'api' }
   */
  sources?: CelloSources
}

/** The Cello REST API v1, with tokens, validation, retries and typed event builders. */
export interface CelloClient {
  readonly environment: CelloEnvironment
  readonly baseUrl: string
  /** The resolved `sources` option (frozen): refuse `duplicate_source` events before queueing them too. */
  readonly sources: ResolvedCelloSources
  /** `GET /referral-codes/active-link/{productUserId}`: the user's own code and invite link. */
  getActiveLink(productUserId: string, options?: CallOptions): Promise<ActiveLinkResponse>
  /** `GET /referral-codes/{code}`: whether a code is valid (an unknown code is `valid: false`, not an error). */
  validateReferralCode(code: string, options?: CallOptions): Promise<ReferralCodeResponse>
  /** `GET /new-users/{productUserId}/reward`: the new-user discount the user is eligible for. */
  getNewUserReward(productUserId: string, options?: CallOptions): Promise<RewardEligibility>
  /** `POST /referrers/{productUserId}/depersonalize` (GDPR erasure of a referrer). */
  depersonalizeReferrer(productUserId: string, options?: CallOptions): Promise<void>
  /** `POST /events` with an envelope you built; validated first. Prefer the `track*` builders. */
  sendEvent(envelope: CelloEventEnvelope, options?: CallOptions): Promise<void>
  /** Reports `new-signup`. Resolves to the envelope Cello accepted. */
  trackSignup(input: TrackSignupInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /** Reports `demo-call-attended`. */
  trackDemoCallAttended(input: TrackDemoCallAttendedInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /** Reports `invoice-paid` (every paid invoice, and one-time purchases with `interval: 'one-time'`). */
  trackInvoicePaid(input: TrackInvoicePaidInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /** Reports `charge-refunded` with the refunded amount. */
  trackChargeRefunded(input: TrackChargeRefundedInput, options?: CallOptions): Promise<CelloEventEnvelope>
}

// z.number() refuses NaN and ±Infinity.
const delaySchema = z.number('must be a finite number of milliseconds').nonnegative('must not be negative').optional()

// The keys are checked at the first call, not here: a build (next build, a Docker image) creates
// the client with no keys in its environment, and must not fail for it.
const keysSchema = z.object({
  accessKeyId: z
    .string('is required (set it from CELLO_ACCESS_KEY_ID)')
    .min(1, 'is required (set it from CELLO_ACCESS_KEY_ID)'),
  secretAccessKey: z
    .string('is required (set it from CELLO_SECRET_ACCESS_KEY)')
    .min(1, 'is required (set it from CELLO_SECRET_ACCESS_KEY)'),
})

const optionsSchema = z.object({
  accessKeyId: z.string('must be a string').optional(),
  secretAccessKey: z.string('must be a string').optional(),
  environment: z.enum(['production', 'sandbox']).optional(),
  baseUrl: z.url('must be an absolute http(s) URL').optional(),
  timeoutMs: z.number().int().positive().optional(),
  sources: sourcesSchema.optional(),
  retry: z
    .object({
      retries: z
        .number('must be a number')
        .int('must be a whole number')
        .nonnegative('must not be negative')
        .optional(),
      maxElapsedMs: delaySchema,
      baseDelayMs: delaySchema,
      maxDelayMs: delaySchema,
      events: z.enum(['safe', 'always', 'never']).optional(),
    })
    .optional(),
})

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
  const checked = parseInput(optionsSchema, options ?? {}, 'createCelloClient options')
  const accessKeyId = checked.accessKeyId ?? ''
  const secretAccessKey = checked.secretAccessKey ?? ''
  const environment = checked.environment ?? 'production'
  const baseUrl = (checked.baseUrl ?? CELLO_API_URLS[environment]).replace(/\/+$/, '')
  const now = options.now ?? Date.now
  const sources: ResolvedCelloSources = Object.freeze({
    purchases: checked.sources?.purchases ?? 'api',
    signups: checked.sources?.signups ?? 'api',
  })

  // The transport's `secrets` is read at error time, so tokens issued later are redacted too.
  const transport: TransportOptions = {
    baseUrl,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: checked.timeoutMs ?? 10_000,
    // A field given as undefined keeps its default (a plain spread would copy the undefined).
    retry: {
      retries: checked.retry?.retries ?? 2,
      maxElapsedMs: checked.retry?.maxElapsedMs ?? 10_000,
      baseDelayMs: checked.retry?.baseDelayMs ?? 250,
      maxDelayMs: checked.retry?.maxDelayMs ?? 5_000,
      events: checked.retry?.events ?? 'safe',
    },
    log: options.log,
    secrets: () => [accessKeyId, secretAccessKey, ...(tokenManager?.held() ?? [])],
  }

  // Created at the first call that needs a token, once the keys are known to be there.
  let tokenManager: ReturnType<typeof createTokenManager> | undefined
  const tokens = () => {
    if (tokenManager) return tokenManager
    parseInput(
      keysSchema,
      { accessKeyId: checked.accessKeyId, secretAccessKey: checked.secretAccessKey },
      'createCelloClient options (at the first call)',
    )
    return (tokenManager = createTokens())
  }
  const createTokens = () =>
    createTokenManager({
      now,
      log: options.log,
      shared: createSharedTokenRecord({
        store: options.tokenStore ?? memoryTokenStore(),
        baseUrl,
        accessKeyId,
        secretAccessKey,
        log: options.log,
        lockTtlMs: 10_000,
      }),
      exchangeKeys: async () =>
        sendToCello(transport, {
          method: 'POST',
          path: '/token',
          template: '/token',
          kind: 'read',
          body: { accessKeyId, secretAccessKey },
          schema: tokenResponseSchema,
        }),
      exchangeRefresh: async (refreshToken) =>
        sendToCello(transport, {
          method: 'POST',
          path: '/token',
          template: '/token',
          kind: 'read',
          body: { refreshToken },
          schema: refreshTokenResponseSchema,
        }),
    })

  /** A bearer call; a 401 drops the token and the call is tried once more with a fresh one. */
  async function authed<S extends z.ZodType>(request: Omit<TransportRequest<S>, 'bearer'>): Promise<z.output<S>> {
    const token = await tokenFor(request)
    try {
      return await sendToCello(transport, { ...request, bearer: token })
    } catch (error) {
      if (!(error instanceof CelloApiError && error.status === 401)) throw error
      await tokens().invalidate(token)
      return sendToCello(transport, { ...request, bearer: await tokenFor(request) })
    }
  }

  /**
   * A token, or a rejection as soon as the caller's signal aborts. The exchange itself is shared
   * (one at a time for every caller), so it is not aborted: the other callers still wait for it.
   */
  function tokenFor({
    method,
    template,
    signal,
  }: Pick<TransportRequest<z.ZodType>, 'method' | 'template' | 'signal'>): Promise<string> {
    if (!signal) return tokens().get()
    return new Promise<string>((resolve, reject) => {
      const abort = () =>
        reject(
          new CelloApiError(
            'api_unreachable',
            `${method} ${template} was aborted by the caller while waiting for an access token.`,
            { operation: `${method} ${template}`, attempts: 0 },
          ),
        )
      if (signal.aborted) return abort()
      signal.addEventListener('abort', abort, { once: true })
      tokens()
        .get()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', abort))
    })
  }

  const id = (value: unknown, field: string, what: string) =>
    encodeURIComponent(parseInput(idSchema, value, what, field))

  async function sendEvent(envelope: CelloEventEnvelope, { signal, retries }: CallOptions = {}): Promise<void> {
    const body = parseInput(eventEnvelopeSchema, envelope, 'The event')
    const duplicate = duplicateSourceError(sources, body.context.event.trigger)
    if (duplicate) throw duplicate
    await authed({
      method: 'POST',
      path: '/events',
      template: '/events',
      kind: 'event',
      body,
      schema: eventResponseSchema,
      signal,
      retries,
    })
  }

  const track =
    <I extends EventSubject>(trigger: Parameters<typeof buildEvent>[0]) =>
    async (input: I, options: CallOptions = {}): Promise<CelloEventEnvelope> => {
      const duplicate = duplicateSourceError(sources, trigger)
      if (duplicate) throw duplicate
      const envelope = buildEvent(trigger, input)
      await sendEvent(envelope, options)
      return envelope
    }

  const client: CelloClient = {
    environment,
    baseUrl,
    sources,
    getActiveLink: async (productUserId, { signal } = {}) =>
      authed({
        method: 'GET',
        kind: 'read',
        signal,
        schema: activeLinkSchema,
        path: `/referral-codes/active-link/${id(productUserId, 'productUserId', 'getActiveLink')}`,
        template: '/referral-codes/active-link/{productUserId}',
      }),
    validateReferralCode: async (code, { signal } = {}) =>
      authed({
        method: 'GET',
        kind: 'read',
        signal,
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
  }
  // What JSON.stringify and util.inspect show: never the keys or tokens.
  const visible = () => ({ environment, baseUrl })
  Object.defineProperties(client, {
    sources: { writable: false, configurable: false },
    toJSON: { value: visible },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => `CelloClient ${JSON.stringify(visible())}` },
  })
  return client
}
