// Responses of createCelloHandler: JSON, never cached, errors always `{ error: { code, message } }`
// (a BffProblem). What each route answers is the BFF's contract (src/shared/bffContract.ts).
import type { BffAnswer, BffProblem, BffRoute, HandlerErrorCode, HandlerInputIssue } from '../../shared/bffContract'

/** A route's 2xx answer: the JSON body the contract types, and its status. */
export interface RouteAnswer<T> {
  answer: T
  /** `202` when the route recorded something it goes on with (a queued signup). @defaultValue 200 */
  status?: 200 | 202
}

/**
 * The handler's routes, exactly those of the contract: each gives its answer, or a problem
 * Response (see {@link problem}); `param` is the route's `:name` segment, still URL-encoded;
 * `readJson` reads the request's JSON body.
 */
export type BffRouteHandlers = {
  [R in BffRoute]: (
    request: Request,
    param: string,
    readJson: (limit: number) => Promise<JsonBody>,
  ) => Promise<RouteAnswer<BffAnswer<R>> | Response>
}

/** An answer before it is a Response: the Node adapter writes it to the socket as it is. */
export interface PlainAnswer {
  status: number
  /** JSON text. */
  body: string
  headers: Record<string, string>
}

/** A JSON answer with `Cache-Control: no-store`. */
export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}): PlainAnswer {
  return {
    status,
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  }
}

/** The handler's error answer. `message` is ours, never Cello's or a stack. */
export function problemAnswer(
  status: number,
  code: HandlerErrorCode,
  message: string,
  headers: Record<string, string> = {},
): PlainAnswer {
  return jsonAnswer({ error: { code, message } } satisfies BffProblem, status, headers)
}

export const toResponse = ({ status, body, headers }: PlainAnswer): Response => new Response(body, { status, headers })

/** A JSON response with `Cache-Control: no-store`. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return toResponse(jsonAnswer(body, status, headers))
}

/** The handler's error response. `message` is ours, never Cello's or a stack. */
export function problem(
  status: number,
  code: HandlerErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return toResponse(problemAnswer(status, code, message, headers))
}

/**
 * The handler's 400 answer to input that its schema refused: `{ error: { code: 'bad_request',
 * message, issues } }`, where the message names every bad field too. Nothing of the input is echoed.
 */
export function badInput(what: string, issues: HandlerInputIssue[]): Response {
  const list = issues.map((issue) => `${issue.path || '(body)'} ${issue.message}`).join('; ')
  return json({ error: { code: 'bad_request', message: `${what}: ${list}.`, issues } } satisfies BffProblem, 400)
}

/** A JSON body as read: its value (`{}` when empty), or the problem answer to send instead. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response }

/** The 413 answer to a body over `limit` bytes. */
export const tooLarge = (limit: number): JsonBody => ({
  ok: false,
  response: problem(413, 'payload_too_large', `The request body must be at most ${limit} bytes.`),
})

const utf8 = new TextDecoder()

/** The body's bytes read as JSON: `{}` when blank, a 400 answer when not JSON. */
export function parseJsonBody(bytes: Uint8Array): JsonBody {
  const text = utf8.decode(bytes)
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    const value: unknown = JSON.parse(text)
    return { ok: true, value }
  } catch {
    return { ok: false, response: problem(400, 'bad_request', 'The request body is not valid JSON.') }
  }
}

/** Reads a JSON body of at most `limit` bytes; `null` body means empty. */
export async function readJsonBody(request: Request, limit: number): Promise<JsonBody> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit)
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => {})
        return tooLarge(limit)
      }
      chunks.push(value)
    }
  }
  return parseJsonBody(concat(chunks, size))
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
