import type { ServerResponse } from 'node:http'
import type { CelloHandler } from './CelloHandler'
import { coreOf } from './handlerCore'
import { problem, type PlainAnswer } from './handlerResponses'
import { nodeIncoming } from './nodeIncoming'
import { toRequest, type NodeRequest } from './nodeRequest'

// How much of a body the handler did not read (one it refused with 413, say) is read and dropped
// after answering before giving up.
const DISCARD_BYTES = 1024 * 1024

/**
 * Adapts a Web-standard handler (from `createCelloHandler`) to `node:http`, Connect and Express.
 * Under Express it uses `req.originalUrl`, so mount paths keep working, and a body an earlier
 * `express.json()` already parsed is passed on. A body an earlier middleware read without setting
 * `req.body` cannot be read again: that request is answered 400 `bad_request`.
 *
 * @example
 * app.use('/api/cello', toNodeHandler(createCelloHandler({ client, getUser })))
 */
export function toNodeHandler(handler: CelloHandler) {
  // A handler createCelloHandler made answers GET and POST without a Request and a Response in
  // between (issue 25): the same answers, less work per request. Anything else takes the Web way.
  const core = coreOf(handler)
  return async (req: NodeRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    const fast =
      core && (req.method === 'GET' || (req.method === 'POST' && req.body === undefined && !req.readableEnded))
    const body = { dropped: false }
    try {
      if (fast) {
        const incoming = nodeIncoming(req)
        try {
          const answer = await core(incoming)
          if (answer instanceof Response) await writeResponse(req, res, answer, true)
          else writeAnswer(res, answer)
        } finally {
          incoming.body.dropped = true
        }
        return
      }
      const response = bodyWasConsumed(req)
        ? problem(
            400,
            'bad_request',
            'The request body was already read by an earlier middleware and not passed on as req.body.',
          )
        : await handler(toRequest(req, body))
      await writeResponse(req, res, response)
    } catch (error) {
      if (next) return next(error)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify({ error: { code: 'server_error', message: 'Something went wrong on the server.' } }))
    } finally {
      body.dropped = true
      discardRest(req)
    }
  }
}

// One write: the head and the JSON text together.
function writeAnswer(res: ServerResponse, { status, body, headers }: PlainAnswer): void {
  headers['content-length'] = String(Buffer.byteLength(body))
  res.writeHead(status, headers)
  res.end(body)
}

/** `withLength`: read the body first and send its Content-Length, as writeAnswer does, not chunks. */
async function writeResponse(
  req: NodeRequest,
  res: ServerResponse,
  response: Response,
  withLength = false,
): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies
  if (withLength) {
    const body = Buffer.from(await response.arrayBuffer())
    headers['content-length'] = String(body.byteLength)
    res.writeHead(response.status, headers)
    return void res.end(body)
  }
  res.writeHead(response.status, headers)
  res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()))
}

// The stream has ended but nobody handed us what was in it: waiting for 'end' would hang forever.
function bodyWasConsumed(req: NodeRequest): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && req.body === undefined && req.readableEnded
}

// Reads and drops what the handler left unread, so that the client can finish sending and then
// read the answer: destroying the socket mid-upload made it see a reset connection, not the 413.
// Past DISCARD_BYTES the client is not worth waiting for.
function discardRest(req: NodeRequest): void {
  if (req.readableEnded || req.destroyed) return
  let left = DISCARD_BYTES
  req.on('data', (chunk: Buffer) => {
    left -= chunk.byteLength
    if (left < 0) req.destroy()
  })
  req.resume()
}
