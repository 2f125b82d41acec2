// "Provably not sent" is decided once, by the client where the failure happens, and stored on the
// error (CelloApiError.sent). For every kind of failure the client produces, the client's own
// retry of an event and the outbox's outcome both follow that one decision, so they cannot
// disagree. Real sockets (a local server, a closed port, an .invalid name) wherever Node can make
// the failure itself.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { CelloApiError } from '../../../src/server/client/CelloApiError'
import { sendToCello, type TransportOptions } from '../../../src/server/client/celloTransport'
import { createCelloClient, createCelloOutbox } from '../../../src/server'
import { classifyDelivery, type DeliveryOutcome } from '../../../src/server/outbox/classifyDelivery'

let server: Server
let url = ''
let closedPort = 0
const held: ServerResponse[] = []

/** What a `POST {kind}/events` gets from the local server. */
function answer(kind: string, res: ServerResponse): void {
  const status = Number(/^\/(?:status|huge)-(\d+)/.exec(kind)?.[1])
  if (kind.startsWith('/status-')) {
    res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) })
    res.end(JSON.stringify({ message: 'no' }))
    return
  }
  // A body over the client's 1 MB limit, declared up front.
  if (kind.startsWith('/huge-')) {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) })
    res.end('{')
    return
  }
  if (kind === '/bad-body') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"unexpected":true}')
    return
  }
  if (kind === '/hang-before-headers') {
    held.push(res)
    return
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
  res.write('{"id":')
  if (kind === '/drop-after-headers') setTimeout(() => res.socket?.destroy(), 20)
  else held.push(res) // hang-after-headers
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    req.resume()
    if (path === '/hang-token/token') held.push(res)
    else if (path.endsWith('/token')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, refreshTokenExpiresIn: 7200 }))
    } else answer(path.replace(/\/events$/, ''), res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  closedPort = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
})

afterAll(async () => {
  for (const res of held) res.socket?.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** A connect failure as undici nests it when several addresses fail (IPv6 timed out, IPv4 refused). */
function connectFailure(): Promise<Response> {
  const coded = (code: string) => Object.assign(new Error(code), { code })
  const both = Object.assign(new AggregateError([coded('ETIMEDOUT'), coded('ECONNREFUSED')]), { code: 'ETIMEDOUT' })
  return Promise.reject(new TypeError('fetch failed', { cause: both }))
}

interface Kind {
  name: string
  base: () => string
  sent: CelloApiError['sent']
  /** Attempts with `retries: 1` and `events: 'safe'`: a second one only when it was not sent. */
  attempts: number
  fetch?: typeof fetch
  callerAbortMs?: number
}

const KINDS: Kind[] = [
  { name: 'connection refused', base: () => `http://127.0.0.1:${closedPort}`, sent: 'no', attempts: 2 },
  { name: 'DNS failure', base: () => 'http://cello.invalid', sent: 'no', attempts: 2 },
  { name: 'connect failure, nested causes', base: () => url, sent: 'no', attempts: 2, fetch: connectFailure },
  { name: 'timeout before headers', base: () => `${url}/hang-before-headers`, sent: 'maybe', attempts: 1 },
  { name: 'timeout after headers', base: () => `${url}/hang-after-headers`, sent: 'maybe', attempts: 1 },
  { name: 'connection dropped after headers', base: () => `${url}/drop-after-headers`, sent: 'maybe', attempts: 1 },
  {
    name: 'aborted by the caller',
    base: () => `${url}/hang-before-headers`,
    sent: 'maybe',
    attempts: 1,
    callerAbortMs: 50,
  },
  { name: '500', base: () => `${url}/status-500`, sent: 'maybe', attempts: 1 },
  { name: '502', base: () => `${url}/status-502`, sent: 'maybe', attempts: 1 },
  { name: '503', base: () => `${url}/status-503`, sent: 'no', attempts: 2 },
  { name: '429 with Retry-After', base: () => `${url}/status-429`, sent: 'no', attempts: 2 },
  { name: '401', base: () => `${url}/status-401`, sent: 'no', attempts: 1 },
  { name: '400', base: () => `${url}/status-400`, sent: 'yes', attempts: 1 },
  { name: '2xx with an unexpected body', base: () => `${url}/bad-body`, sent: 'yes', attempts: 1 },
  { name: '400 with a body over 1 MB', base: () => `${url}/huge-400`, sent: 'yes', attempts: 1 },
  { name: '503 with a body over 1 MB', base: () => `${url}/huge-503`, sent: 'no', attempts: 1 },
]

/** The outbox's outcome for an event whose attempt failed with `error`, from its stored decision alone. */
function expectedOutcome(error: CelloApiError): DeliveryOutcome {
  if (error.sent === 'no') return 'not_sent'
  if (error.sent === 'maybe') return 'ambiguous'
  return error.status !== undefined && error.status < 300 ? 'delivered' : 'refused'
}

const transport = (kind: Kind): TransportOptions => ({
  baseUrl: kind.base(),
  fetch: kind.fetch ?? fetch,
  timeoutMs: 300,
  retry: { retries: 1, maxElapsedMs: 10_000, baseDelayMs: 1, maxDelayMs: 5000, events: 'safe' },
  secrets: () => [],
  sleep: async () => {},
})

async function failure(kind: Kind): Promise<CelloApiError> {
  const sent = sendToCello(transport(kind), {
    method: 'POST',
    path: '/events',
    template: '/events',
    kind: 'event',
    body: { eventName: 'ReferralUpdated' },
    schema: z.object({ id: z.string() }),
    ...(kind.callerAbortMs ? { signal: AbortSignal.timeout(kind.callerAbortMs) } : {}),
  })
  const error = await sent.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof CelloApiError)) throw new Error(`expected a CelloApiError, got ${String(error)}`)
  return error
}

describe('one "provably not sent" decision', () => {
  it.each(KINDS)('$name: the client decides sent, its retry and the outbox follow it', async (kind) => {
    const error = await failure(kind)
    expect(error.sent).toBe(kind.sent)
    // The client retried the event only when it provably was not sent.
    expect(error.attempts).toBe(kind.attempts)
    const classified = classifyDelivery(error)
    expect(classified.outcome).toBe(expectedOutcome(error))
    if (kind.name.startsWith('429')) expect(classified.retryAfterMs).toBe(1000)
  })

  it('an event aborted while it waited for an access token was not sent', async () => {
    const client = createCelloClient({
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      baseUrl: `${url}/hang-token`, // its POST /token never answers
      timeoutMs: 5000,
    })
    const error = await client
      .trackDemoCallAttended(
        { ucc: 'pNRB1aYqArN', newUser: { id: 'u1', email: 'u1@example.com' } },
        { signal: AbortSignal.timeout(50) },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    if (!(error instanceof CelloApiError)) throw new Error('expected a CelloApiError')
    expect(error.operation).toBe('POST /events')
    expect(error.sent).toBe('no')
    expect(classifyDelivery(error).outcome).toBe('not_sent')
  })

  it.each(KINDS.filter((kind) => !kind.fetch && !kind.callerAbortMs && !kind.name.startsWith('DNS')))(
    "$name: the outbox's state follows the stored decision",
    async (kind) => {
      const client = createCelloClient({
        accessKeyId: 'key',
        secretAccessKey: 'secret',
        baseUrl: kind.base(),
        timeoutMs: 300,
        retry: { retries: 0 },
      })
      const outbox = createCelloOutbox({ client })
      const { key } = await outbox.enqueue('demo-call-attended', {
        ucc: 'pNRB1aYqArN',
        newUser: { id: 'u2', email: 'u2@example.com' },
      })
      await outbox.drain({ keys: [key] })
      const state = (await outbox.get(key))?.state
      const expected = { no: 'queued', maybe: 'ambiguous', yes: kind.name.startsWith('2xx') ? 'delivered' : 'dead' }
      expect(state).toBe(expected[kind.sent])
    },
  )
})
