import { CelloError, type CelloServerErrorCode } from '../../shared/CelloError'

/**
 * Why a call to Cello failed: `api_error`, `api_unreachable`, `timeout` or `api_bad_response`
 * (see {@link CelloServerErrorCode} for each one's meaning).
 */
export type CelloApiErrorCode = Extract<
  CelloServerErrorCode,
  'api_error' | 'api_unreachable' | 'timeout' | 'api_bad_response'
>

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
  /** Whether the request reached Cello: see {@link CelloApiError.sent}. @defaultValue 'maybe' */
  sent?: 'no' | 'maybe' | 'yes'
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
  /**
   * Whether the request `operation` names reached Cello, decided once, where the failure happened
   * (the client's retry policy and the outbox both read it):
   * - `'no'`: provably not: it never left (connection refused, DNS failure, aborted while waiting
   *   for an access token), or Cello answered that it did not act on it (401, 429, 503). Sending it
   *   again cannot count it twice.
   * - `'maybe'`: it may have: a timeout, a connection lost after sending, an abort, 500/502/504.
   * - `'yes'`: Cello received it and answered: a refusal (another 4xx) or a 2xx whose body was not
   *   the documented one.
   */
  readonly sent: 'no' | 'maybe' | 'yes'

  constructor(code: CelloApiErrorCode, message: string, details: CelloApiErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause })
    this.status = details.status
    this.celloMessage = details.celloMessage
    this.requestId = details.requestId
    this.operation = details.operation
    this.attempts = details.attempts
    this.retryAfterMs = details.retryAfterMs
    this.sent = details.sent ?? 'maybe'
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
    super(
      'validation_failed',
      `${what} was refused before sending: ${issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}.`,
    )
    this.issues = issues
  }
}

/** True when `value` is a {@link CelloApiError}, optionally with the given code. */
export function isCelloApiError(value: unknown, code?: CelloApiErrorCode): value is CelloApiError {
  return value instanceof CelloApiError && (code === undefined || value.code === code)
}
