// The contract of react-cello's backend-for-frontend, written once: what `createCelloHandler`
// (react-cello/server) answers and what `createFetchBff` (the browser) expects. Types only, so
// nothing here reaches a bundle; test/shared/bffContract.test-d.ts holds both sides to it.

/** The signed-in user's referral link, as the BFF returns it. */
export interface ActiveLink {
  /** The user's own referral code. */
  activeUcc: string
  /** The full invite URL to share. */
  link: string
}

/** What the BFF says about a referral code (the referrer's identity stays on the server). */
export interface ReferralCodeInfo {
  code: string
  valid: boolean
  campaignId?: string
}

/**
 * Why a signup was not reported (`reported: false`):
 * - `no_referral`: there was no referral code to report.
 * - `invalid_code`: Cello does not know the code (a typo, a made-up code): let the user correct it.
 * - `self_referral`: the code is the user's own (or, with organization attribution, their
 *   organization's): nobody can refer themselves. The server answers 403; `createFetchBff` turns
 *   it into this answer so that a form can show it like the others.
 * - `refused`: Cello refused the event.
 * - `webhook_source`: Cello counts signups from your Stripe/Chargebee webhook instead.
 */
export type SignupSkipReason = 'no_referral' | 'invalid_code' | 'self_referral' | 'refused' | 'webhook_source'

/** What the BFF did with a signup. */
export interface SignupReport {
  /**
   * `true`: Cello has the `new-signup` event. `'queued'`: the server recorded it and delivers it as
   * soon as Cello answers (an outage never loses it). `false`: nothing to report (`reason`).
   */
  reported: boolean | 'queued'
  /** Why nothing was reported: see {@link SignupSkipReason}. */
  reason?: SignupSkipReason
  /**
   * `true` when this user's signup had already been recorded (a double-submitted form): the
   * handler recorded no second event; `reported` says where the first one stands.
   */
  duplicate?: boolean
}

/**
 * The JSON body of `POST /signups`: the referral code to report, or none (`null` or missing) for
 * the one in the referral cookie.
 */
export interface SignupRequest {
  ucc?: string | null
}

/** The answer of `GET /widget-token`: the signed token for Cello's Referral Component. */
export interface WidgetToken {
  token: string
}

/**
 * Where an outbox event stands:
 * - `queued`: waiting to be sent (first time, or again after an attempt that provably did not reach Cello).
 * - `sending`: a drainer holds its lease and is sending it now.
 * - `ambiguous`: the last attempt may have reached Cello (timeout, lost answer, 5xx); the next
 *   drain resolves it before anything is resent.
 * - `delivered`: Cello answered 2xx, or confirmed it has the event.
 * - `held`: may have reached Cello and is not resent automatically (money events by default):
 *   check Cello's Event Feed, then `resolve` it.
 * - `dead`: Cello refused it (4xx), or it was not delivered within `maxAgeMs`; `reason` says which.
 */
export type OutboxState = 'queued' | 'sending' | 'ambiguous' | 'delivered' | 'held' | 'dead'

/** The event types Cello's v1 `POST /events` takes, as the outbox records them. */
export type TracedEventTrigger =
  | 'new-signup'
  | 'demo-call-attended'
  | 'invoice-paid'
  | 'charge-refunded'
  /** A referrer's `MilestoneReached` (Cello's behaviour-based triggers), recorded by the outbox. */
  | 'milestone-reached'

/**
 * One attempt to deliver an outbox event: what one drainer's claim of it came to (a send, the
 * check of an earlier ambiguous send or of a signup's referral code, or a claim given back untried).
 * Never a secret, a token, an email or a name.
 */
export interface OutboxAttempt {
  /** When its outcome was recorded, in ms since the epoch (the store's clock). */
  at: number
  /** The state the attempt left the event in. */
  state: Exclude<OutboxState, 'sending'>
  /** HTTP status of Cello's answer, when there was one. */
  status: number | null
  /** Cello's `apigw-requestid` of that answer, when it had one: quote it to Cello's support. */
  requestId: string | null
  /** What happened, starting with an error code when there was one (`api_error: …`, `invalid_code: …`). */
  reason: string | null
}

/**
 * Why `POST /signups` reported nothing: the answer's {@link SignupSkipReason}, or `not_new_user`
 * (the server's 403: the account is older than `newUserWindowMs`).
 */
export type SignupDecisionReason = SignupSkipReason | 'not_new_user'

/**
 * What `POST /signups` decided for one report, as the outbox's trace keeps it (the last 20 per
 * user). Ids and the referral code only: never the user's email or name.
 */
export interface SignupDecision {
  /** When it was decided, in ms since the epoch (the store's clock). */
  at: number
  /** The signed-in user's `productUserId`. */
  userId: string
  /**
   * The id the signup is attributed to (`newUserId`: the organization under organization-level
   * attribution); `null` when the report stopped before it was known.
   */
  newUserId: string | null
  /**
   * `reported`: Cello has the `new-signup`; `queued`: recorded, not delivered yet (the event's
   * attempts say why); `refused`: nothing reported, `reason` says why.
   */
  outcome: 'reported' | 'queued' | 'refused'
  /** Why nothing was reported (`refused`); `null` otherwise. */
  reason: SignupDecisionReason | null
  /** The referral code that was checked, or `null` when there was none. */
  code: string | null
  /** Where the code came from: the request's body, or the referral cookie (the body had none). */
  codeFrom: 'body' | 'cookie' | null
  /** The `new-signup` event's outbox key, when one was recorded (or already was: `duplicate`). */
  eventKey: string | null
  /** `true` when the user's signup had already been recorded: no second event. */
  duplicate: boolean
}

/** One outbox event as the trace shows it: where it stands and its last attempts, without personal data. */
export interface TracedEvent {
  /** The outbox key, e.g. `new-signup:user_123`. */
  key: string
  trigger: TracedEventTrigger
  state: OutboxState
  /** The id the event is attributed to (`payload.newUserId`); for a milestone, the referrer's `productUserId`. */
  newUserId: string
  /** The referral code it carries; `null` for a `milestone-reached` event, which carries none. */
  code: string | null
  /** `true` when an earlier attempt may have reached Cello. */
  uncertain: boolean
  /** Attempts so far (claims by a drainer), including those older than `attempts` keeps. */
  attemptCount: number
  /** The last outcome, in words (or how delivery was confirmed). */
  reason: string | null
  /** Cello's request id of the last answer. */
  requestId: string | null
  /** HTTP status of the last answer. */
  lastStatus: number | null
  /** Milliseconds since the epoch. */
  createdAt: number
  updatedAt: number
  /** When a drainer may next try it (queued and ambiguous events). */
  nextAttemptAt: number
  deliveredAt: number | null
  /** The last 20 attempts, oldest first. */
  attempts: OutboxAttempt[]
}

/**
 * The answer of `outbox.explain(keyOrUserId)` and of the BFF's development-only `GET /debug/trace`:
 * the signup decisions and the events of one user, or of one event.
 */
export interface OutboxExplanation {
  /** The key or user id that was asked about. */
  subject: string
  /** `POST /signups` decisions about that user (or the event's user), oldest first. */
  decisions: SignupDecision[]
  /** The event under that key, or the user's events (oldest first). */
  events: TracedEvent[]
}

/** Codes of the handler's error bodies (the browser's `createFetchBff` maps them to CelloError codes). */
export type HandlerErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_new_user'
  | 'self_referral'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'bad_request'
  | 'upstream'
  | 'server_error'
  | 'unavailable'

/** One bad field of a 400 answer: its dotted `path` (empty for the whole body) and what is wrong. */
export interface HandlerInputIssue {
  path: string
  message: string
}

/** Every error answer of the handler: `{ error: { code, message } }`, with `issues` on a 400. */
export interface BffProblem {
  error: { code: HandlerErrorCode; message: string; issues?: HandlerInputIssue[] }
}

/**
 * The routes, relative to where the handler is mounted (`basePath`, the browser's `baseUrl`):
 * `METHOD /path` (a `:name` segment is a path parameter) to the JSON body it reads and the JSON
 * body of its 2xx answer. Errors are a {@link BffProblem}.
 */
export interface BffRoutes {
  'GET /active-link': { request: never; answer: ActiveLink }
  'GET /referral-codes/:code': { request: never; answer: ReferralCodeInfo }
  'POST /signups': { request: SignupRequest; answer: SignupReport }
  'GET /widget-token': { request: never; answer: WidgetToken }
  /**
   * Development only, off unless the handler is created with `debug: true` and never when
   * `NODE_ENV` is `production`: the signed-in user's signup decisions and events.
   */
  'GET /debug/trace': { request: never; answer: OutboxExplanation }
}

/** One route of the contract, e.g. `'POST /signups'`. */
export type BffRoute = keyof BffRoutes

/** The JSON body of `R`'s 2xx answer. */
export type BffAnswer<R extends BffRoute> = BffRoutes[R]['answer']

/** The path of `R` as a caller writes it: a `:name` parameter is any (URL-encoded) segment. */
type PathOf<R> = R extends `${string} ${infer P}`
  ? P extends `${infer Head}/:${string}`
    ? `${Head}/${string}`
    : P
  : never

/** Every path the handler answers: `'/active-link' | `/referral-codes/${string}` | …`. */
export type BffPath = PathOf<BffRoute>

/**
 * The error codes of `POST /signups` that its caller reads as an answer, not as a failure: the
 * handler's 403 `self_referral` is `{ reported: false, reason: 'self_referral' }`.
 */
export type SignupRefusalCode = Extract<HandlerErrorCode, SignupSkipReason>
