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
