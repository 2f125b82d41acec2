// toNodeHandler answers createCelloHandler's GET and POST routes without building a Web Request
// and Response (issue 25). Every answer must be the one the Web path gives: each request here goes
// to two loopback servers, one with the handler itself (the fast path) and one with the handler
// wrapped in a plain function (which toNodeHandler cannot recognise, so it takes the Web path).
// One difference is meant: the fast path knows its body's length before it writes, so it sends
// Content-Length where the Web path streams the Response's body chunked.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, createCelloHandler, toNodeHandler, type CelloUser } from '../../../src/server'

const CODE = 'pNRB1aYqArN'
const reply = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
// Cello's API, answered in the process.
const client = createCelloClient({
  accessKeyId: 'key',
  secretAccessKey: 'secret',
  fetch: async (input) => {
    const { pathname } = new URL(input instanceof Request ? input.url : input)
    if (pathname === '/token')
      return reply({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, refreshTokenExpiresIn: 86400 })
    if (pathname.startsWith('/referral-codes/active-link/'))
      return reply({ activeUcc: CODE, link: `https://moonboard.cello.so/${CODE}` })
    if (pathname.startsWith('/referral-codes/')) return reply({ code: CODE, valid: true, productUserId: 'alice' })
    return reply({ success: true })
  },
})

const users: Record<string, CelloUser> = {
  bob: { productUserId: 'user-bob', email: 'bob@example.com', createdAt: new Date() },
}
/** What each server's getUser saw of its Request, per request. */
const seen: Record<'fast' | 'web', unknown[]> = { fast: [], web: [] }

const servers: Server[] = []
const urls: Record<'fast' | 'web', string> = { fast: '', web: '' }

beforeAll(async () => {
  for (const path of ['fast', 'web'] as const) {
    // One handler per server, each with its own outbox: both record the signup the first time.
    const handler = createCelloHandler({
      client,
      allowedOrigins: ['https://app.example.com'],
      onError: () => {},
      getUser: async (request) => {
        const session = /session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''
        if (session === 'probe')
          seen[path].push({
            isRequest: request instanceof Request,
            method: request.method,
            url: request.url.replace(/:\d+/, ':PORT'),
            cookie: request.headers.get('cookie'),
            custom: request.headers.get('x-custom'),
            aborted: request.signal.aborted,
            copied: new Request(request).headers.get('cookie'),
            cloned: request.clone().headers.get('x-custom'),
          })
        return users[session === 'probe' ? 'bob' : session] ?? null
      },
    })
    const node = toNodeHandler(path === 'fast' ? handler : (request) => handler(request))
    const server = createServer((req, res) => void node(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    urls[path] = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  }
})
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

type Call = { method?: string; headers?: Record<string, string>; body?: string | (() => ReadableStream<Uint8Array>) }

/** The same request to both servers: status, headers (but Date and framing) and body of each. */
async function both(path: string, { method = 'GET', headers = {}, body }: Call = {}) {
  const answers = []
  for (const which of ['fast', 'web'] as const) {
    const origin = urls[which]
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { ...headers, ...(headers.origin === 'SELF' ? { origin } : {}) },
      ...(typeof body === 'function' ? { body: body(), duplex: 'half' } : { body }),
    })
    const {
      date,
      'content-length': length,
      'transfer-encoding': chunked,
      ...rest
    } = Object.fromEntries(response.headers)
    const text = await response.text()
    expect(date).toBeDefined()
    if (which === 'fast' && method !== 'DELETE') expect(length).toBe(String(Buffer.byteLength(text)))
    else expect(chunked).toBe('chunked')
    answers.push({ status: response.status, headers: rest, body: text })
  }
  return { fast: answers[0]!, web: answers[1]! }
}

const post = (headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { cookie: 'session=bob', origin: 'SELF', 'content-type': 'application/json', ...headers },
})

describe('toNodeHandler on a handler from createCelloHandler', () => {
  it.each([
    ['the active link', '/api/cello/active-link', { headers: { cookie: 'session=bob' } }, 200],
    ['a signup', '/api/cello/signups', { ...post(), body: JSON.stringify({ ucc: CODE }) }, 202],
    ['the same signup again (a duplicate)', '/api/cello/signups', { ...post(), body: `{"ucc":"${CODE}"}` }, 200],
    ['nobody signed in', '/api/cello/active-link', {}, 401],
    ['nobody signed in, with a body', '/api/cello/signups', { ...post({ cookie: '' }), body: '{}' }, 401],
    ['a body over 16 KB (Content-Length)', '/api/cello/signups', { ...post(), body: 'x'.repeat(17 * 1024) }, 413],
    [
      'a body over 16 KB (chunked)',
      '/api/cello/signups',
      {
        ...post(),
        body: () =>
          new ReadableStream<Uint8Array>({
            start(stream) {
              for (let i = 0; i < 5; i++) stream.enqueue(new TextEncoder().encode(' '.repeat(4096)))
              stream.close()
            },
          }),
      },
      413,
    ],
    ['a body that is not JSON', '/api/cello/signups', { ...post(), body: '{"ucc":' }, 400],
    ['a blank body', '/api/cello/signups', { ...post(), body: '  ' }, 200],
    ['a body of the wrong shape', '/api/cello/signups', { ...post(), body: '{"ucc":42}' }, 400],
    ['another content type', '/api/cello/signups', { ...post({ 'content-type': 'text/plain' }), body: '{}' }, 415],
    ['a cross-site POST', '/api/cello/signups', { ...post({ origin: 'https://evil.example' }), body: '{}' }, 403],
    ['an unknown route', '/api/cello/nothing-here', {}, 404],
    ['a path outside the base', '/elsewhere', {}, 404],
    ['a path with dot segments', '/api/cello/x/../active-link?x=1', { headers: { cookie: 'session=bob' } }, 200],
    ['an encoded path', '/api/cello/%61ctive-link', { headers: { cookie: 'session=bob' } }, 404],
    ['a referral code', `/api/cello/referral-codes/${CODE}`, {}, 200],
    ['a referral code of the wrong shape', '/api/cello/referral-codes/no%20way', {}, 200],
    ['POST on a GET route', '/api/cello/active-link', { ...post(), body: '{}' }, 405],
    ['DELETE (the Web path on both)', '/api/cello/active-link', { method: 'DELETE' }, 405],
    [
      'an allowed origin (CORS headers)',
      '/api/cello/active-link',
      { headers: { cookie: 'session=bob', origin: 'https://app.example.com' } },
      200,
    ],
  ])('answers %s the same way', async (_, path, call: Call, status) => {
    const { fast, web } = await both(path, call)
    expect(fast.status).toBe(status)
    expect(fast).toEqual(web)
  })

  it("gives getUser a working Request, the same as the Web path's", async () => {
    seen.fast = []
    seen.web = []
    const { fast, web } = await both('/api/cello/active-link?from=test', {
      headers: { cookie: 'session=probe; theme=dark', 'x-custom': 'yes' },
    })
    expect(fast).toEqual(web)
    expect(seen.fast).toEqual([
      {
        isRequest: true,
        method: 'GET',
        url: 'http://127.0.0.1:PORT/api/cello/active-link?from=test',
        cookie: 'session=probe; theme=dark',
        custom: 'yes',
        aborted: false,
        copied: 'session=probe; theme=dark',
        cloned: 'yes',
      },
    ])
    expect(seen.fast).toEqual(seen.web)
  })
})
