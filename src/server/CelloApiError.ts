import { CelloError } from '../shared/CelloError'

/**
 * Why a call to Cello failed:
 * - `api_error`: Cello answered with an error status (`status`, Cello's `celloMessage`, `requestId`).
 * - `network`: Cello could not be reached (connection refused or reset, DNS failure), or the
 *   caller's `signal` aborted the call (also while it waited for an access token).
 * - `timeout`: no answer within `timeoutMs`.
 * - `bad_response`: Cello answered 2xx with a body that is not what its contract says, or answered
 *   with a body over 1 MB (left unread).
 */
export type CelloApiErrorCode = 'api_error' | 'network' | 'timeout' | 'bad_response'

/** Details of a {@link CelloApiError}. */
export interface CelloApiErrorDetails {
  /** HTTP status from Cello, when it answered. */
  status?: number
  /** Cello's own `message`, when its body had one. */
  celloMessage?: string
  /** The `apigw-requestid` header: quote it to Cello's support. */
  requestId?: string
  /** Method and path of the call, e.g. `POST /events` (never a query string or a secret). */
  operation: string
  /** How many attempts were made, retries included. */
  attempts: number
  /** Cello's `Retry-After`, in ms, when it sent one. */
  retryAfterMs?: number
  cause?: unknown
}

/**
 * A call to Cello that did not succeed. Its message says what was called and what came back;
 * it never contains keys or tokens.
 */
export class CelloApiError extends CelloError<CelloApiErrorCode> {
  override readonly name = 'CelloApiError'
  readonly status: number | undefined
  readonly celloMessage: string | undefined
  readonly requestId: string | undefined
  readonly operation: string
  readonly attempts: number
  readonly retryAfterMs: number | undefined

  constructor(code: CelloApiErrorCode, message: string, details: CelloApiErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause })
    this.status = details.status
    this.celloMessage = details.celloMessage
    this.requestId = details.requestId
    this.operation = details.operation
    this.attempts = details.attempts
    this.retryAfterMs = details.retryAfterMs
  }
}

/** One bad field of a {@link CelloValidationError}. */
export interface CelloValidationIssue {
  /** Dotted path of the field, e.g. `payload.ucc` or `newUser.email`. */
  path: string
  message: string
}

/**
 * Input refused before anything was sent to Cello. `issues` names every bad field; so does the
 * message.
 */
export class CelloValidationError extends CelloError<'validation_failed'> {
  override readonly name = 'CelloValidationError'
  readonly issues: readonly CelloValidationIssue[]

  constructor(what: string, issues: CelloValidationIssue[]) {
    super('validation_failed', `${what} was refused before sending: ${issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}.`)
    this.issues = issues
  }
}

/** True when `value` is a {@link CelloApiError}, optionally with the given code. */
export function isCelloApiError(value: unknown, code?: CelloApiErrorCode): value is CelloApiError {
  return value instanceof CelloApiError && (code === undefined || value.code === code)
}

/**
 * Codes of the server's other {@link CelloError}s, refused by react-cello before anything is sent:
 * - `server_only`: `createCelloClient` was called where `window` and `document` exist.
 * - `duplicate_source`: the event is one Cello counts from its Stripe or Chargebee webhook (the
 *   client's `sources` option says so), and sending it through the API too would count it twice.
 * - `customer_deleted`: `attachReferralToStripeCustomer` was given a deleted Stripe customer.
 * - `referral_conflict`: the Stripe customer already holds a different referral; nothing was
 *   changed (pass `overwrite: true` to replace it).
 * - `referral_too_late`: the Stripe customer already has a paid invoice, and Cello does not
 *   reward a referral added after the first `invoice.paid`; nothing was changed.
 */
export type CelloServerErrorCode = 'server_only' | 'duplicate_source' | 'customer_deleted' | 'referral_conflict' | 'referral_too_late'
