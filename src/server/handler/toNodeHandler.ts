import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CelloHandler } from './CelloHandler'
import { problem } from './handlerResponses'

type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown }

// What is buffered from the socket ahead of the handler, and how much of a body the handler did
// not read (one it refused with 413, say) is read and dropped after answering before giving up.
const BUFFER_BYTES = 64 * 1024
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
  return async (req: NodeRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    const body = { dropped: false }
    try {
      const response = bodyWasConsumed(req)
        ? problem(
            400,
            'bad_request',
            'The request body was already read by an earlier middleware and not passed on as req.body.',
          )
        : await handler(toRequest(req, body))
      const headers: Record<string, string | string[]> = {}
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') headers[key] = value
      })
      const cookies = response.headers.getSetCookie()
      if (cookies.length) headers['set-cookie'] = cookies
      res.writeHead(response.status, headers)
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()))
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

/** `body.dropped` stops feeding the body to the handler (it answered, or it cancelled the stream). */
function toRequest(req: NodeRequest, body: { dropped: boolean }): Request {
  const url = requestUrl(req)
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v)
  }
  const controller = new AbortController()
  req.once('close', () => {
    if (!req.complete) controller.abort()
  })
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (req.body !== undefined && req.readableEnded) {
      init.body =
        typeof req.body === 'string'
          ? req.body
          : req.body instanceof Uint8Array
            ? new TextDecoder().decode(req.body)
            : JSON.stringify(req.body)
      headers.delete('content-length')
    } else {
      init.body = new ReadableStream<Uint8Array>(
        {
          start(stream) {
            req.on('data', (chunk: Buffer) => {
              if (body.dropped) return
              stream.enqueue(new Uint8Array(chunk))
              // Backpressure: a body the handler refuses unread is not buffered whole.
              if ((stream.desiredSize ?? 0) <= 0) req.pause()
            })
            req.on('end', () => {
              if (!body.dropped) stream.close()
            })
            req.on('error', (error) => {
              if (!body.dropped) stream.error(error)
            })
          },
          pull() {
            if (!body.dropped) req.resume()
          },
          cancel() {
            // Not req.destroy(): the answer (413) still has to reach the client; discardRest drains.
            body.dropped = true
          },
        },
        { highWaterMark: BUFFER_BYTES, size: (chunk) => chunk.byteLength },
      )
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

// The raw request target is only ever a path: resolved as a URL, `//evil.com/api/cello/signups`
// (or an absolute-form `http://evil.com/…`) would become the request's origin, which the
// handler's origin check compares the Origin header with.
function requestUrl(req: NodeRequest): URL {
  const secure = 'encrypted' in req.socket && req.socket.encrypted === true
  const header = req.headers.host ?? ''
  // Only a plain host[:port] (or [IPv6]:port); anything else could smuggle a path or userinfo.
  const host = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(header) ? header : 'localhost'
  const target = req.originalUrl ?? req.url ?? '/'
  return new URL(`${secure ? 'https' : 'http'}://${host}${target.startsWith('/') ? target : `/${target}`}`)
}
