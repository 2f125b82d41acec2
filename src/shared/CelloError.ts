/**
 * Every code a {@link CelloError} can carry. Switch on `error.code`, never on the message.
 *
 * - `script_load_failed`: Cello's attribution script answered with an error or was blocked
 *   (ad blocker, CSP, offline). Capture from the URL and cookie still works.
 * - `script_timeout`: the script did not load within `timeoutMs`.
 * - `command_failed`: the script loaded but a command (`getUcc`, …) rejected or timed out.
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
 * The one error type of react-cello: a message that says what to do, a machine-readable `code`,
 * and the underlying `cause` when there is one. Messages never contain secrets.
 */
export class CelloError<Code extends string = CelloErrorCode> extends Error {
  // Declared, then set in the constructor: class fields would cost bytes in every bundle.
  declare readonly name: string
  declare readonly code: Code

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CelloError'
    this.code = code
  }
}

/** True when `value` is a {@link CelloError}, optionally with the given `code`. */
export function isCelloError<Code extends string = CelloErrorCode>(
  value: unknown,
  code?: Code,
): value is CelloError<Code> {
  return value instanceof CelloError && (code === undefined || value.code === code)
}
