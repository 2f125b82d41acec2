// The demo's front door. It runs on a developer's machine with a session cookie and, with keys,
// Cello credentials behind it, so it answers only the browser tab that opened it:
// - Host must name the loopback address and port the demo listens on. A page on evil.example
//   whose DNS name is later pointed at 127.0.0.1 (DNS rebinding) sends `Host: evil.example`, and
//   is refused before any route runs, reads included.
// - A request that may change something (anything but GET and HEAD) must come from the demo's own
//   origin: `Sec-Fetch-Site` other than same-origin, or an `Origin` other than
//   `http://<the Host it was sent to>`, is refused. Tools without those headers (curl, the tests'
//   fetch) are not browsers another site can drive, and pass.
// - Its body must be application/json: a cross-site form or a `text/plain` fetch is a "simple"
//   request that a browser sends without asking first; JSON is not.
// https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site

/** The names the demo answers to, each with the port it listens on. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/** What the guard needs of a request (Node's `IncomingMessage` fits). */
interface GuardedRequest {
  method?: string
  headers: Record<string, string | string[] | undefined>
  /** The port the connection arrived on: the port the demo listens on. */
  socket: { localPort?: number }
}

/** Why the guard refused a request: the status and a message for the page. */
interface Refusal {
  status: 403 | 415 | 421
  message: string
}

/** Null when the request may go on, else why not (see the top of this file). */
export function demoGuard(request: GuardedRequest): Refusal | null {
  const port = request.socket.localPort
  const host = header(request, 'host')?.toLowerCase()
  const hosts = port === undefined ? [] : LOOPBACK_NAMES.map((name) => `${name}:${port}`)
  if (port === 80) hosts.push(...LOOPBACK_NAMES)
  if (!host || !hosts.includes(host))
    return {
      status: 421,
      message: `The demo answers only at http://127.0.0.1:${port ?? 'its port'} (or localhost, [::1]), not at ${host ?? 'no Host'}.`,
    }

  const method = (request.method ?? 'GET').toUpperCase()
  if (method === 'GET' || method === 'HEAD') return null
  const site = header(request, 'sec-fetch-site')
  const origin = header(request, 'origin')
  if ((site !== undefined && site !== 'same-origin') || (origin !== undefined && origin !== `http://${host}`))
    return { status: 403, message: 'Cross-origin requests are not allowed: use the demo from its own page.' }
  if (method === 'OPTIONS') return null
  if (!/^application\/json\s*(;|$)/i.test(header(request, 'content-type') ?? ''))
    return { status: 415, message: 'Send the body as application/json.' }
  return null
}

function header(request: GuardedRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}
