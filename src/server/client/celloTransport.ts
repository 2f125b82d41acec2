// One HTTP exchange with Cello, with a timeout and a bounded, jittered retry policy. Knows nothing
// of tokens (createCelloClient adds the bearer) and never puts a header or a body in an error.
import type * as z from 'zod/mini'
import { CelloApiError } from './CelloApiError'
import { errorBodySchema, safeParse } from './schemas'

/**
 * When a failed call is tried again. Reads and token calls are retried on connection errors,
 * timeouts, 429 and 5xx. Events are different: Cello's v1 events have no idempotency key, so an
 * event retried after it reached Cello may be counted twice.
 * - `'safe'` (default): retry an event only when it provably did not reach Cello (connection
 *   refused, DNS failure) or when Cello said to come back (429, 503): when the error's `sent` is
 *   `'no'`, the same decision the outbox reads. A timeout, a reset connection or a 500/502/504 is
 *   reported to you instead: check Cello's Event Feed or queue it.
 * - `'always'`: retry events like reads (at-least-once: duplicates are possible).
 * - `'never'`: never retry an event (at-most-once).
 */
export type EventRetryPolicy = 'safe' | 'always' | 'never'

/** Retry options of `createCelloClient`. */
export interface RetryOptions {
  /** Retries after the first attempt (a whole number, 0 for none). @defaultValue 2 */
  retries?: number
  /** Stop retrying when the next attempt would start later than this after the first. @defaultValue 10000 */
  maxElapsedMs?: number
  /** First backoff step; doubles per retry, with jitter. @defaultValue 250 */
  baseDelayMs?: number
  /** Longest wait between attempts (a longer `Retry-After` ends the retries). @defaultValue 5000 */
  maxDelayMs?: number
  /** @defaultValue 'safe' */
  events?: EventRetryPolicy
}

/** What the client logs: structured, and never a key, a token or a body. */
export type CelloLogEvent =
  | { type: 'retry'; operation: string; attempt: number; delayMs: number; reason: string }
  /** `loaded`: a fresh access token was read from the token store (another instance obtained it). */
  | { type: 'token'; action: 'authenticated' | 'refreshed' | 'refresh_rejected' | 'invalidated' | 'loaded' }
  /** The token store threw, rejected or did not answer within 1 s; the client went on without it. */
  | { type: 'token'; action: 'store_failed'; operation: 'get' | 'set' | 'delete'; reason: 'error' | 'timeout' }

export interface TransportOptions {
  baseUrl: string
  fetch: typeof fetch
  timeoutMs: number
  retry: Required<RetryOptions>
  log?: (event: CelloLogEvent) => void
  /** Values that must never appear in an error message (keys, tokens). */
  secrets: () => string[]
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

export interface TransportRequest<S extends z.ZodMiniType> {
  method: 'GET' | 'POST'
  /** Concrete path, e.g. `/referral-codes/abc`. */
  path: string
  /** Documented template for messages and logs, e.g. `/referral-codes/{code}`. */
  template: string
  body?: unknown
  bearer?: string
  kind: 'read' | 'event'
  /** Schema of the 2xx body (`z.unknown()` for an empty 204, whose body is not read further). */
  schema: S
  signal?: AbortSignal
  /** Overrides `retry.retries` for this request. */
  retries?: number
  /** Told Cello's 2xx answer's status and `apigw-requestid` (e.g. for the outbox's trace). */
  onAnswer?: (answer: { status: number; requestId: string | null }) => void
}

/**
 * One attempt's result. A failure is `transient` when another attempt may succeed; whether that
 * attempt could count an event twice is the error's `sent`, decided here once.
 */
type Attempt<T> =
  | { ok: true; status: number; requestId: string | null; body: T }
  | { ok: false; error: CelloApiError; transient: boolean; retryAfterMs?: number }

/** Cello's answers are small JSON objects; anything larger is not read into memory. */
const MAX_RESPONSE_BYTES = 1024 * 1024

/** Failures to connect: the request never left this machine. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

/**
 * Whether a request Cello answered with `status` reached it (see `CelloApiError.sent`): 401 (not
 * authenticated), 429 and 503 (come back later) say it was not acted on; another 5xx may have been;
 * any other answer says Cello received it.
 */
const sentByStatus = (status: number): CelloApiError['sent'] =>
  status === 401 || status === 429 || status === 503 ? 'no' : status >= 500 ? 'maybe' : 'yes'

/** Error codes of a fetch failure's cause (undici nests them, sometimes in an AggregateError). */
function causeCodes(error: unknown): string[] {
  const codes: string[] = []
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 4) return
    if ('code' in value && typeof value.code === 'string') codes.push(value.code)
    if ('cause' in value) visit(value.cause, depth + 1)
    if ('errors' in value && Array.isArray(value.errors)) for (const e of value.errors) visit(e, depth + 1)
  }
  visit(error, 0)
  return codes
}

function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Replaces every secret in `text` so that nothing Cello echoes can leak one. */
function redact(text: string, secrets: string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]')
  return out
}

/** Sends one request to Cello with timeout and retries; returns the parsed 2xx body or throws a CelloApiError. */
export async function sendToCello<S extends z.ZodMiniType>(
  options: TransportOptions,
  request: TransportRequest<S>,
): Promise<z.output<S>> {
  const { retry } = options
  const operation = `${request.method} ${request.template}`
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(options, request, operation, attempt)
    if (result.ok) {
      request.onAnswer?.({ status: result.status, requestId: result.requestId })
      return result.body
    }
    const allowed =
      result.transient &&
      (request.kind === 'read' || retry.events === 'always' || (retry.events === 'safe' && result.error.sent === 'no'))
    const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1))
    const backoff = step / 2 + random() * (step / 2)
    const delayMs = Math.max(backoff, result.retryAfterMs ?? 0)
    const withinBudget =
      Date.now() - started + delayMs <= retry.maxElapsedMs && delayMs <= Math.max(retry.maxDelayMs, backoff)
    if (!allowed || attempt > (request.retries ?? retry.retries) || !withinBudget || request.signal?.aborted)
      throw result.error
    options.log?.({
      type: 'retry',
      operation,
      attempt,
      delayMs: Math.round(delayMs),
      reason: result.error.status ? `status ${result.error.status}` : result.error.code,
    })
    await sleep(delayMs)
  }
}

async function attemptOnce<S extends z.ZodMiniType>(
  options: TransportOptions,
  request: TransportRequest<S>,
  operation: string,
  attempts: number,
): Promise<Attempt<z.output<S>>> {
  // One controller and one timer per attempt, both released when it ends: AbortSignal.timeout
  // plus AbortSignal.any cost three objects and a GC-tracked signal per send (a third of the
  // drainer's CPU in its profile).
  const controller = new AbortController()
  const timeout = { aborted: false }
  const timer = setTimeout(() => {
    timeout.aborted = true
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'))
  }, options.timeoutMs)
  // Like AbortSignal.timeout's, the timer alone does not keep a process alive.
  if (typeof timer === 'object' && 'unref' in timer) timer.unref()
  const callerSignal = request.signal
  const onCallerAbort = () => controller.abort(callerSignal?.reason)
  if (callerSignal?.aborted) onCallerAbort()
  else callerSignal?.addEventListener('abort', onCallerAbort)
  try {
    return await attemptWith(options, request, operation, attempts, controller.signal, timeout)
  } finally {
    clearTimeout(timer)
    callerSignal?.removeEventListener('abort', onCallerAbort)
  }
}

async function attemptWith<S extends z.ZodMiniType>(
  options: TransportOptions,
  request: TransportRequest<S>,
  operation: string,
  attempts: number,
  signal: AbortSignal,
  timeout: { readonly aborted: boolean },
): Promise<Attempt<z.output<S>>> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  if (request.bearer) headers.authorization = `Bearer ${request.bearer}`
  const fail = (
    code: CelloApiError['code'],
    message: string,
    extra: Partial<ConstructorParameters<typeof CelloApiError>[2]> = {},
  ) => new CelloApiError(code, redact(message, options.secrets()), { operation, attempts, ...extra })

  let response: Response
  try {
    response = await options.fetch(`${options.baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: 'error',
    })
  } catch (error) {
    if (request.signal?.aborted)
      return {
        ok: false,
        transient: false,
        error: fail('api_unreachable', `${operation} was aborted by the caller.`, { sent: 'maybe' }),
      }
    if (timeout.aborted)
      return {
        ok: false,
        transient: true,
        error: fail('timeout', `Cello did not answer ${operation} within ${options.timeoutMs} ms.`, { sent: 'maybe' }),
      }
    const codes = causeCodes(error)
    return {
      ok: false,
      transient: true,
      // The cause is kept by code only: undici's error objects can carry the request.
      error: fail('api_unreachable', `Could not reach Cello for ${operation}${codes[0] ? ` (${codes[0]})` : ''}.`, {
        cause: codes[0] ? { code: codes[0] } : undefined,
        sent: codes.some((code) => NOT_DELIVERED.has(code)) ? 'no' : 'maybe',
      }),
    }
  }

  const requestId = response.headers.get('apigw-requestid') ?? undefined
  let text: string
  try {
    const read = await readText(response, MAX_RESPONSE_BYTES)
    if (read === null) {
      return {
        ok: false,
        transient: false,
        error: fail(
          'api_bad_response',
          `Cello answered ${operation} with a body over ${MAX_RESPONSE_BYTES} bytes; it was not read.`,
          { status: response.status, requestId, sent: sentByStatus(response.status) },
        ),
      }
    }
    text = read
  } catch {
    // Cello's answer was cut short: what it said is not known, so neither is whether it acted.
    const error = timeout.aborted
      ? fail('timeout', `Cello did not finish answering ${operation} within ${options.timeoutMs} ms.`, {
          status: response.status,
          requestId,
          sent: 'maybe',
        })
      : fail('api_unreachable', `The connection dropped while Cello answered ${operation}.`, {
          status: response.status,
          requestId,
          sent: 'maybe',
        })
    return { ok: false, transient: true, error }
  }
  let body: unknown = undefined
  if (text !== '') {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }

  if (!response.ok) {
    const parsed = safeParse(errorBodySchema, body)
    const celloMessage = parsed.success ? redact(parsed.data.message, options.secrets()) : undefined
    const status = response.status
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
    return {
      ok: false,
      transient: status === 429 || status >= 500,
      retryAfterMs,
      error: fail(
        'api_error',
        `Cello answered ${status} to ${operation}${celloMessage ? `: ${celloMessage}` : '.'}${requestId ? ` (request id ${requestId})` : ''}`,
        { status, celloMessage, requestId, retryAfterMs, sent: sentByStatus(status) },
      ),
    }
  }

  const parsed = safeParse(request.schema, body)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ')
    return {
      ok: false,
      transient: false,
      error: fail(
        'api_bad_response',
        `Cello answered ${operation} with a body that does not match its contract (${fields}).`,
        { status: response.status, requestId, sent: 'yes' },
      ),
    }
  }
  return { ok: true, status: response.status, requestId: requestId ?? null, body: parsed.data }
}

/** The body as text, or `null` (and the rest left unread) once it is longer than `limit` bytes. */
async function readText(response: Response, limit: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'))
  if (declared > limit) {
    await response.body?.cancel().catch(() => {})
    return null
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return null
    }
    text += decoder.decode(value, { stream: true })
  }
}
