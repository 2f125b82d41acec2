// The public shape of react-cello's server client: what `createCelloClient` takes and returns.
import type { CelloEnvironment } from '../../shared/types'
import type { CelloLogEvent, RetryOptions } from './celloTransport'
import type { CelloTokenStore } from '../tokens/CelloTokenStore'
import type { CelloSources, ResolvedCelloSources } from './duplicateSourceError'
import type { MaxPrice } from '../payments/moneyRules'
import type {
  ActiveLinkResponse,
  CallOptions,
  CelloAnyEventEnvelope,
  CelloEventEnvelope,
  CelloMilestoneEnvelope,
  ReferralCodeResponse,
  RewardEligibility,
  TrackChargeRefundedInput,
  TrackDemoCallAttendedInput,
  TrackInvoicePaidInput,
  TrackMilestoneInput,
  TrackSignupInput,
} from './types'

/** Cello's API hosts (https://docs.cello.so/api-reference/introduction). */
export const CELLO_API_URLS: Record<CelloEnvironment, string> = {
  production: 'https://api.cello.so',
  sandbox: 'https://api.sandbox.cello.so',
}

/** Options of `createCelloClient`. */
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
  /**
   * The largest `price` an `invoice-paid` or `charge-refunded` may carry, in major units: a number
   * for every currency, or one per currency (`{ EUR: 5000, JPY: 800000 }`, where a currency not
   * listed is refused). A larger price is a bug (cents passed as euros, a test card's amount), and
   * is refused with a `validation_failed` CelloValidationError before it is sent or queued: the
   * outbox's `enqueue` checks its client's. Set it a little above your largest invoice.
   * @defaultValue no bound beyond the money rules (at most the currency's minor units of decimals,
   * and an amount a number counts exactly)
   */
  maxPrice?: MaxPrice
}

/** What Cello answered to an event it accepted (`sendEvent`). */
export interface CelloEventReceipt {
  /** The 2xx status. */
  status: number
  /** Cello's `apigw-requestid`, when the answer had one: quote it to Cello's support. */
  requestId: string | null
}

/** The Cello REST API v1, with tokens, validation, retries and typed event builders. */
export interface CelloClient {
  readonly environment: CelloEnvironment
  readonly baseUrl: string
  /** The resolved `sources` option (frozen): refuse `duplicate_source` events before queueing them too. */
  readonly sources: ResolvedCelloSources
  /** The `maxPrice` option (frozen), which the outbox checks when it enqueues; `undefined` without one. */
  readonly maxPrice: MaxPrice | undefined
  /** `GET /referral-codes/active-link/{productUserId}`: the user's own code and invite link. */
  getActiveLink(productUserId: string, options?: CallOptions): Promise<ActiveLinkResponse>
  /** `GET /referral-codes/{code}`: whether a code is valid (an unknown code is `valid: false`, not an error). */
  validateReferralCode(code: string, options?: CallOptions): Promise<ReferralCodeResponse>
  /** `GET /new-users/{productUserId}/reward`: the new-user discount the user is eligible for. */
  getNewUserReward(productUserId: string, options?: CallOptions): Promise<RewardEligibility>
  /** `POST /referrers/{productUserId}/depersonalize` (GDPR erasure of a referrer). */
  depersonalizeReferrer(productUserId: string, options?: CallOptions): Promise<void>
  /**
   * `POST /events` with an envelope you built; validated first. Prefer the `track*` builders.
   * Resolves to Cello's answer: its status and request id.
   */
  sendEvent(envelope: CelloAnyEventEnvelope, options?: CallOptions): Promise<CelloEventReceipt>
  /** Reports `new-signup`. Resolves to the envelope Cello accepted. */
  trackSignup(input: TrackSignupInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /** Reports `demo-call-attended`. */
  trackDemoCallAttended(input: TrackDemoCallAttendedInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /** Reports `invoice-paid` (every paid invoice, and one-time purchases with `interval: 'one-time'`). */
  trackInvoicePaid(input: TrackInvoicePaidInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /** Reports `charge-refunded` with the refunded amount. */
  trackChargeRefunded(input: TrackChargeRefundedInput, options?: CallOptions): Promise<CelloEventEnvelope>
  /**
   * Reports `MilestoneReached`: the referrer `productUserId` reached your moment `trigger`, and
   * Cello shows them an in-app announcement at once. Sent as Cello's guide shows it
   * (https://docs.cello.so/guides/best-practices/behavior-based-triggers); not in the v1 OpenAPI
   * document. Through the outbox, `enqueue('milestone-reached', …)` sends it once per referrer and trigger.
   */
  trackMilestone(input: TrackMilestoneInput, options?: CallOptions): Promise<CelloMilestoneEnvelope>
}
