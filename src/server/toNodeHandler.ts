import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CelloHandler } from './createCelloHandler'

type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown }

/**
 * Adapts a Web-standard handler (from `createCelloHandler`) to `node:http`, Connect and Express.
 * Under Express it uses `req.originalUrl`, so mount paths keep working, and a body an earlier
 * `express.json()` already parsed is passed on.
 *
 * @example
 * app.use('/api/cello', toNodeHandler(createCelloHandler({ client, getUser })))
 */
export function toNodeHandler(handler: CelloHandler) {
  return async (req: NodeRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    try {
      const response = await handler(toRequest(req))
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
    }
  }
}

function toRequest(req: NodeRequest): Request {
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
      init.body = typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? new TextDecoder().decode(req.body) : JSON.stringify(req.body)
      headers.delete('content-length')
    } else {
      init.body = new ReadableStream({
        start(stream) {
          req.on('data', (chunk: Buffer) => stream.enqueue(new Uint8Array(chunk)))
          req.on('end', () => stream.close())
          req.on('error', (error) => stream.error(error))
        },
        cancel() {
          req.destroy()
        },
      })
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

// The raw request target is only ever a path: resolved as a URL, `//evil.com/api/cello/signups`
// (or an absolute-form `http://evil.com/…`) would become the request's origin, which the
// handler's origin check compares the Origin header with.
function requestUrl(req: NodeRequest): URL {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true
  const header = req.headers.host ?? ''
  // Only a plain host[:port] (or [IPv6]:port); anything else could smuggle a path or userinfo.
  const host = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(header) ? header : 'localhost'
  const target = req.originalUrl ?? req.url ?? '/'
  return new URL(`${secure ? 'https' : 'http'}://${host}${target.startsWith('/') ? target : `/${target}`}`)
}
