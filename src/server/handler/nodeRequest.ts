// A Node request as a Web Request: what toNodeHandler gives a handler, and what the Request that
// createCelloHandler's callbacks receive from its Node path is built from (./nodeIncoming.ts).
import type { IncomingMessage } from 'node:http'

export type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown }

// What is buffered from the socket ahead of the handler.
const BUFFER_BYTES = 64 * 1024

/** `body.dropped` stops feeding the body to the handler (it answered, or it cancelled the stream). */
export function toRequest(req: NodeRequest, body: { dropped: boolean }): Request {
  const controller = new AbortController()
  abortOnClose(req, controller)
  return buildRequest(req, requestUrl(req), nodeHeaders(req), controller.signal, body)
}

export function buildRequest(
  req: NodeRequest,
  url: URL,
  headers: Headers,
  signal: AbortSignal,
  body: { dropped: boolean },
) {
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (req.body !== undefined && req.readableEnded) {
      init.body =
        typeof req.body === 'string'
          ? req.body
          : req.body instanceof Uint8Array
            ? new TextDecoder().decode(req.body)
            : JSON.stringify(req.body)
      headers.delete('content-length')
    } else if (!body.dropped) {
      init.body = bodyStream(req, body)
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

export function nodeHeaders(req: NodeRequest): Headers {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v)
  }
  return headers
}

// The handler's calls to Cello end when the client goes away before it finished sending.
export function abortOnClose(req: NodeRequest, controller: AbortController) {
  if (req.destroyed && !req.complete) controller.abort()
  else
    req.once('close', () => {
      if (!req.complete) controller.abort()
    })
}

function bodyStream(req: NodeRequest, body: { dropped: boolean }): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
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
}

// The raw request target is only ever a path: resolved as a URL, `//evil.com/api/cello/signups`
// (or an absolute-form `http://evil.com/…`) would become the request's origin, which the
// handler's origin check compares the Origin header with.
export function requestUrl(req: NodeRequest): URL {
  const secure = 'encrypted' in req.socket && req.socket.encrypted === true
  const header = req.headers.host ?? ''
  // Only a plain host[:port] (or [IPv6]:port); anything else could smuggle a path or userinfo.
  const host = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(header) ? header : 'localhost'
  const target = req.originalUrl ?? req.url ?? '/'
  return new URL(`${secure ? 'https' : 'http'}://${host}${target.startsWith('/') ? target : `/${target}`}`)
}
