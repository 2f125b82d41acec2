/**
 * Every code a {@link CelloError} thrown in the browser (`react-cello`, `react-cello/core`) can
 * carry. Switch on `error.code`, never on the message. Each code name has one meaning across the
 * package; the server's codes are {@link CelloServerErrorCode}.
 *
 * - `script_load_failed`: Cello's attribution script answered with an error or was blocked
 *   (ad blocker, CSP, offline). Capture from the URL and cookie still works.
 * - `script_timeout`: the script did not load within `timeoutMs`.
 * - `command_failed`: the script loaded but a command (`getUcc`, …) rejected or timed out.
 * - `cookie_blocked`: the browser refused to write the `cello-referral` cookie (a sandboxed
 *   iframe, an opaque origin); the code is still read from the URL.
 * - `missing_provider`: a hook was used outside `<CelloProvider>`.
 * - `invalid_argument`: a function was called with input it cannot use.
 * - `unauthorized`: the backend-for-frontend (BFF) answered 401: nobody is signed in.
 * - `forbidden`, `not_found`, `bad_request`: the BFF refused the request (403, 404, 400/413/415/422).
 * - `upstream`: the BFF could not reach Cello or Cello failed (502, 503, 504).
 * - `network`: the BFF could not be reached, or the request was aborted.
 * - `bad_response`: the BFF answered something that is not what its contract says.
 */
export type CelloErrorCode =
  | 'script_load_failed'
  | 'script_timeout'
  | 'command_failed'
  | 'cookie_blocked'
  | 'missing_provider'
  | 'invalid_argument'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'upstream'
  | 'network'
  | 'bad_response'

/**
 * Every code a {@link CelloError} thrown on the server (`react-cello/server`) can carry. Codes
 * shared with {@link CelloErrorCode} (`invalid_argument`, `upstream`) mean the same thing there.
 *
 * A `CelloApiError` (a call to Cello that did not succeed):
 * - `api_error`: Cello answered with an error status (`status`, Cello's `celloMessage`, `requestId`).
 * - `api_unreachable`: Cello could not be reached (connection refused or reset, DNS failure), or the
 *   caller's `signal` aborted the call (also while it waited for an access token).
 * - `timeout`: Cello gave no answer within `timeoutMs`.
 * - `api_bad_response`: Cello answered 2xx with a body that is not what its contract says, or
 *   answered with a body over 1 MB (left unread).
 *
 * Refused by react-cello before anything is sent:
 * - `validation_failed`: a `CelloValidationError`; its `issues` name every bad field.
 * - `invalid_argument`: a function was called with input it cannot use (a store, a table name…).
 * - `server_only`: `createCelloClient` was called where `window` and `document` exist.
 * - `duplicate_source`: the event is one Cello counts from its Stripe or Chargebee webhook (the
 *   client's `sources` option says so), and sending it through the API too would count it twice.
 * - `customer_deleted`: `attachReferralToStripeCustomer` was given a deleted Stripe customer.
 * - `referral_conflict`: the Stripe customer already holds a different referral; nothing was
 *   changed (pass `overwrite: true` to replace it).
 * - `referral_too_late`: the Stripe customer already has a paid invoice, and Cello does not
 *   reward a referral added after the first `invoice.paid`; nothing was changed.
 *
 * Reported to `createCelloHandler`'s `onError`:
 * - `upstream`: Cello failed or is slow; the outbox still holds the event and delivers it later.
 * - `get_user_timeout`: your `getUser` did not answer within `getUserTimeoutMs`; the request was
 *   answered 503 `unavailable`.
 */
export type CelloServerErrorCode =
  | 'api_error'
  | 'api_unreachable'
  | 'timeout'
  | 'api_bad_response'
  | 'validation_failed'
  | 'invalid_argument'
  | 'server_only'
  | 'duplicate_source'
  | 'customer_deleted'
  | 'referral_conflict'
  | 'referral_too_late'
  | 'get_user_timeout'
  | 'upstream'

/** Any code of a {@link CelloError}, browser or server: the only codes it can carry. */
export type AnyCelloErrorCode = CelloErrorCode | CelloServerErrorCode

/**
 * The one error type of react-cello: a message that says what to do, a machine-readable `code`,
 * and the underlying `cause` when there is one. Messages never contain secrets.
 *
 * `Code` is one of the documented codes ({@link CelloErrorCode} in the browser,
 * {@link CelloServerErrorCode} on the server); any other string does not compile.
 */
export class CelloError<Code extends AnyCelloErrorCode = CelloErrorCode> extends Error {
  // Declared, then set in the constructor: class fields would cost bytes in every bundle.
  declare readonly name: string
  declare readonly code: Code

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CelloError'
    this.code = code
  }
}

/**
 * True when `value` is a {@link CelloError}, optionally with the given `code`, which narrows
 * `value.code` to it. A code that no CelloError carries does not compile.
 *
 * @example
 * if (isCelloError(error, 'unauthorized')) redirectToLogin()
 */
export function isCelloError<Code extends AnyCelloErrorCode = AnyCelloErrorCode>(
  value: unknown,
  code?: Code,
): value is CelloError<Code> {
  return value instanceof CelloError && (code === undefined || value.code === code)
}
