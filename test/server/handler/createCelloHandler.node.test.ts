import {
  Agent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { jwtVerify } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFetchBff } from '../../../src/runtime/createFetchBff'
import {
  createCelloClient,
  createCelloHandler,
  createCelloOutbox,
  toNodeHandler,
  type CelloHandlerOptions,
  type CelloUser,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

let emulator: CelloEmulator
let server: Server
let base: string
let errors: unknown[] = []
let handlerOptions: Partial<CelloHandlerOptions> = {}
let signupClient: ReturnType<typeof createCelloClient>

const users: Record<string, CelloUser> = {
  bob: { productUserId: 'user-bob', email: 'bob@example.com', name: 'Bob', createdAt: new Date() },
  carol: {
    productUserId: 'user-carol',
    email: 'carol@example.com',
    organizationId: 'org-acme',
    createdAt: new Date().toISOString(),
    organizationCreatedAt: new Date(),
  },
  // Signed up two years ago.
  olga: {
    productUserId: 'user-olga',
    email: 'olga@example.com',
    createdAt: Date.now() - 2 * 365 * 24 * 60 * 60 * 1000,
  },
}

beforeAll(async () => {
  emulator = await createCelloEmulator({
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1' }],
  })
  const client = createCelloClient({
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    baseUrl: emulator.url,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  })
  signupClient = client
  // Options are read per request so each test can change them.
  // toNodeHandler's promise never rejects: it answers every failure itself.
  server = createServer(
    (req, res) =>
      void toNodeHandler(
        createCelloHandler({
          client,
          getUser: (request) => users[/session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''] ?? null,
          onError: (error) => errors.push(error),
          ...handlerOptions,
        }),
      )(req, res),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterEach(() => {
  emulator.reset()
  errors = []
  handlerOptions = {}
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await emulator.close()
})

const hasIssues = (json: Record<string, unknown> | undefined) =>
  typeof json?.error === 'object' && json.error !== null && 'issues' in json.error

type Call = { method?: string; session?: string; headers?: Record<string, string>; body?: string }
async function call(path: string, { method = 'GET', session, headers = {}, body }: Call = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    body,
    headers: {
      ...(session ? { cookie: `session=${session}` } : {}),
      ...(method === 'POST' ? { origin: base, 'content-type': 'application/json' } : {}),
      ...headers,
    },
  })
  const text = await response.text()
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  // Rules that hold for every response: never cached, errors always { error: { code, message } },
  // plus the bad fields' `issues` on a 400 for input a schema refused.
  expect(response.headers.get('cache-control')).toBe('no-store')
  if (response.status >= 400) {
    expect(json).toEqual({
      error: {
        code: expect.any(String),
        message: expect.any(String),
        ...(hasIssues(json) ? { issues: expect.any(Array) } : {}),
      },
    })
    expect(text).not.toMatch(/\bat \S+ \(|node:internal|Bearer|at_[0-9a-f]{8}/)
  }
  return { status: response.status, headers: response.headers, json, text }
}

describe('routes', () => {
  it("GET /active-link answers the signed-in user's link, and 401 when nobody is signed in", async () => {
    expect((await call('/api/cello/active-link')).status).toBe(401)
    const { status, json } = await call('/api/cello/active-link', { session: 'bob' })
    expect(status).toBe(200)
    expect(json).toEqual({
      activeUcc: expect.stringMatching(/^[A-Za-z0-9]{11}$/),
      link: expect.stringContaining('https://'),
    })
  })

  it("GET /referral-codes/:code says whether a code is valid and keeps the referrer's id on the server", async () => {
    const valid = await call('/api/cello/referral-codes/pNRB1aYqArN')
    expect(valid.json).toEqual({ code: 'pNRB1aYqArN', valid: true, campaignId: 'campaign-1' })
    expect(valid.text).not.toContain('alice')
    expect((await call('/api/cello/referral-codes/NOPE')).json).toEqual({ code: 'NOPE', valid: false })
    const requestsBefore = emulator.requests.length
    expect((await call('/api/cello/referral-codes/%3Cscript%3E')).json).toEqual({ code: '<script>', valid: false })
    expect(emulator.requests.length).toBe(requestsBefore) // a malformed code never reaches Cello
  })

  it('POST /signups reports new-signup for the signed-in user with the ucc from the body, then from the cookie', async () => {
    const fromBody = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
    })
    expect(fromBody).toMatchObject({ status: 202, json: { reported: true } })
    const fromCookie = await call('/api/cello/signups', {
      method: 'POST',
      headers: { cookie: 'session=carol; cello-referral=pNRB1aYqArN' },
      body: '{}',
    })
    expect(fromCookie.status).toBe(202)
    expect(emulator.events.map((e) => [e.payload.ucc, e.payload.newUserId, e.context.newUser?.email])).toEqual([
      ['pNRB1aYqArN', 'user-bob', 'bob@example.com'],
      ['pNRB1aYqArN', 'user-carol', 'carol@example.com'],
    ])
  })

  it("POST /signups takes the body's code over the cookie's (docs/hops.md#which-code-wins)", async () => {
    // An older cookie from an earlier visit; the page sent the code it holds now.
    const sent = await call('/api/cello/signups', {
      method: 'POST',
      headers: { cookie: 'session=bob; cello-referral=olderCode01' },
      body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
    })
    expect(sent).toMatchObject({ status: 202, json: { reported: true } })
    expect(emulator.events.map((e) => e.payload.ucc)).toEqual(['pNRB1aYqArN'])
  })

  it('POST /signups sends one event for a double-submitted form', async () => {
    // One handler for every request, as an app mounts it (the shared server above builds one per request).
    const handler = createCelloHandler({ client: signupClient, getUser: () => users.bob!, onError: () => {} })
    const signup = () =>
      handler(
        new Request('http://app.test/api/cello/signups', {
          method: 'POST',
          headers: { origin: 'http://app.test', 'content-type': 'application/json' },
          body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
        }),
      )
    emulator.injectFault({ kind: 'latency', ms: 100, path: '/events' })
    const answers = await Promise.all([signup(), signup()])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 202])
    expect(await Promise.all(answers.map((r) => r.json()))).toContainEqual({ reported: 'queued', duplicate: true })
    expect(await (await signup()).json()).toEqual({ reported: true, duplicate: true })
    expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['user-bob'])
  })

  it('POST /signups keeps the signup through a Cello outage: 202 queued, onError told which event, delivered after', async () => {
    const seen: { error: unknown; context: unknown }[] = []
    // No backoff: the event is due again at once, so the drain below never runs before it is due.
    const outbox = createCelloOutbox({ client: signupClient, backoff: { baseMs: 0, maxMs: 0 } })
    const handler = createCelloHandler({
      client: signupClient,
      outbox,
      getUser: () => users.carol!,
      onError: (error, _request, context) => seen.push({ error, context }),
    })
    emulator.injectFault({ kind: 'status', status: 503, path: '/events', times: Infinity })
    const answer = await handler(
      new Request('http://app.test/api/cello/signups', {
        method: 'POST',
        headers: { origin: 'http://app.test', 'content-type': 'application/json' },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      }),
    )
    expect(answer.status).toBe(202)
    expect(await answer.json()).toEqual({ reported: 'queued' })
    expect(seen).toHaveLength(1)
    expect(seen[0]!.context).toEqual({ eventKey: 'new-signup:user-carol', productUserId: 'user-carol' })
    expect(String((seen[0]!.error as Error).message)).not.toContain(emulator.secretAccessKey)
    expect(emulator.events).toHaveLength(0)

    emulator.clearFaults()
    await outbox.drain()
    expect((await outbox.get('new-signup:user-carol'))?.state).toBe('delivered')
    expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['user-carol'])
  })

  it('POST /signups is not cut short by the browser: a request aborted mid-send still delivers once', async () => {
    const outbox = createCelloOutbox({ client: signupClient })
    const handler = createCelloHandler({
      client: signupClient,
      outbox,
      getUser: () => users.bob!,
      onError: () => {},
      deliverWaitMs: 10,
    })
    emulator.injectFault({ kind: 'latency', ms: 200, path: '/events' })
    const browser = new AbortController()
    const answer = handler(
      new Request('http://app.test/api/cello/signups', {
        method: 'POST',
        signal: browser.signal,
        headers: { origin: 'http://app.test', 'content-type': 'application/json' },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      }),
    )
    browser.abort() // the visitor closed the tab
    expect(await (await answer).json()).toEqual({ reported: 'queued' })
    await expect
      .poll(async () => (await outbox.get('new-signup:user-bob'))?.state, { timeout: 15_000, interval: 20 })
      .toBe('delivered')
    expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['user-bob'])
  })

  it('POST /signups refuses an account created outside the window (self-referral): 403, no event', async () => {
    const refused = await call('/api/cello/signups', {
      method: 'POST',
      session: 'olga',
      body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
    })
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'not_new_user' } } })
    handlerOptions = { newUserWindowMs: 3 * 365 * 24 * 60 * 60 * 1000 }
    expect(
      (
        await call('/api/cello/signups', {
          method: 'POST',
          session: 'olga',
          body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
        })
      ).status,
    ).toBe(202)
    expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['user-olga'])
  })

  it('POST /signups needs createdAt from getUser (or newUserWindowMs: Infinity)', async () => {
    const handler = (extra: Partial<CelloHandlerOptions>) =>
      createCelloHandler({
        client: signupClient,
        getUser: () => ({ productUserId: 'user-dan', email: 'dan@example.com' }),
        onError: (e) => errors.push(e),
        ...extra,
      })
    const request = () =>
      new Request('http://app.test/api/cello/signups', {
        method: 'POST',
        headers: { origin: 'http://app.test', 'content-type': 'application/json' },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      })
    expect((await handler({})(request())).status).toBe(500)
    expect(String((errors[0] as Error).message)).toMatch(/createdAt/)
    expect(emulator.events).toHaveLength(0)
    expect((await handler({ newUserWindowMs: Infinity })(request())).status).toBe(202)
  })

  it('POST /signups records nothing when Cello counts signups from the Stripe webhook (sources)', async () => {
    const stripeSourced = createCelloClient({
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
      baseUrl: emulator.url,
      sources: { signups: 'stripe' },
    })
    const handler = createCelloHandler({
      client: stripeSourced,
      getUser: () => users.bob!,
      onError: (e) => errors.push(e),
    })
    const answer = await handler(
      new Request('http://app.test/api/cello/signups', {
        method: 'POST',
        headers: { origin: 'http://app.test', 'content-type': 'application/json' },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      }),
    )
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ reported: false, reason: 'webhook_source' })
    expect(errors).toEqual([])
    expect(emulator.events).toHaveLength(0)
  })

  it('POST /signups without any referral reports nothing and says why', async () => {
    expect((await call('/api/cello/signups', { method: 'POST', session: 'bob', body: '{}' })).json).toEqual({
      reported: false,
      reason: 'no_referral',
    })
    expect(emulator.events).toHaveLength(0)
  })

  it('POST /signups attributes to the organization when configured', async () => {
    handlerOptions = { attribution: 'organization' }
    await call('/api/cello/signups', { method: 'POST', session: 'carol', body: JSON.stringify({ ucc: 'pNRB1aYqArN' }) })
    expect(emulator.events[0]!.payload.newUserId).toBe('org-acme')
    expect(emulator.events[0]!.context.newUser).toMatchObject({ id: 'user-carol', organizationId: 'org-acme' })
  })

  // https://github.com/react-cello/react-cello/issues/20
  it("POST /signups under organization attribution applies the window to the organization's age", async () => {
    handlerOptions = { attribution: 'organization' }
    const post = () =>
      call('/api/cello/signups', { method: 'POST', session: 'ted', body: JSON.stringify({ ucc: 'pNRB1aYqArN' }) })
    // Ted joined today; his organization has been a customer since 2018.
    users.ted = {
      productUserId: 'user-ted',
      email: 'ted@example.com',
      createdAt: new Date(),
      organizationId: 'org-old',
      organizationCreatedAt: '2018-03-01T00:00:00Z',
    }
    try {
      expect(await post()).toMatchObject({ status: 403, json: { error: { code: 'not_new_user' } } })
      // Without the organization's creation time, nothing is recorded and the developer is told what to return.
      users.ted = {
        productUserId: 'user-ted',
        email: 'ted@example.com',
        createdAt: new Date(),
        organizationId: 'org-old',
      }
      expect(await post()).toMatchObject({ status: 500, json: { error: { code: 'server_error' } } })
      expect(errors).toEqual([
        expect.objectContaining({
          name: 'CelloValidationError',
          issues: [{ path: 'organizationCreatedAt', message: expect.stringMatching(/attribution: 'organization'/) }],
        }),
      ])
      expect(emulator.events).toHaveLength(0)
      // A new organization may report, whatever the age of the person who created it.
      users.ted = { ...users.ted, createdAt: '2015-01-01T00:00:00Z', organizationCreatedAt: Date.now() }
      expect(await post()).toMatchObject({ status: 202, json: { reported: true } })
      expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['org-old'])
    } finally {
      delete users.ted
    }
  })

  // https://github.com/react-cello/react-cello/issues/20
  it('POST /signups records nothing for a code Cello does not know: 200 invalid_code', async () => {
    const outbox = createCelloOutbox({ client: signupClient })
    handlerOptions = { outbox }
    const answer = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body: JSON.stringify({ ucc: 'NoSuchCode1' }),
    })
    expect(answer).toMatchObject({ status: 200, json: { reported: false, reason: 'invalid_code' } })
    expect(await outbox.list()).toEqual([])
    expect(emulator.events).toHaveLength(0)
  })

  it("POST /signups refuses the user's own code, and under organization attribution the organization's: 403 self_referral", async () => {
    const outbox = createCelloOutbox({ client: signupClient })
    emulator.addReferrer({ productUserId: 'user-bob', ucc: 'BobsOwnCode' })
    emulator.addReferrer({ productUserId: 'org-acme', ucc: 'AcmesCode01' })
    emulator.addReferrer({ productUserId: 'user-carol', ucc: 'CarolsCode1' })
    const post = (session: string, ucc: string) =>
      call('/api/cello/signups', { method: 'POST', session, body: JSON.stringify({ ucc }) })
    handlerOptions = { outbox }
    expect(await post('bob', 'BobsOwnCode')).toMatchObject({ status: 403, json: { error: { code: 'self_referral' } } })
    handlerOptions = { outbox, attribution: 'organization' }
    expect(await post('carol', 'AcmesCode01')).toMatchObject({
      status: 403,
      json: { error: { code: 'self_referral' } },
    })
    // The person's own code, for the organization they signed up: the same person on both sides.
    expect(await post('carol', 'CarolsCode1')).toMatchObject({
      status: 403,
      json: { error: { code: 'self_referral' } },
    })
    expect(await outbox.list()).toEqual([])
    expect(emulator.events).toHaveLength(0)
    expect(errors).toEqual([])
    // A friend's code is fine.
    expect(await post('carol', 'pNRB1aYqArN')).toMatchObject({ status: 202, json: { reported: true } })
  })

  it('POST /signups keeps a signup whose code Cello could not check, and the drainer checks it before sending', async () => {
    // A client of its own: no answer about these codes is cached yet.
    const client = createCelloClient({
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
      baseUrl: emulator.url,
    })
    const outbox = createCelloOutbox({ client, backoff: { baseMs: 0, maxMs: 0 } })
    emulator.addReferrer({ productUserId: 'user-bob', ucc: 'BobsOwnCode' })
    emulator.injectFault({ kind: 'drop', path: '/referral-codes/', method: 'GET', times: Infinity })
    const signup = (session: string, ucc: string) =>
      createCelloHandler({ client, outbox, getUser: () => users[session]!, onError: (e) => errors.push(e) })(
        new Request('http://app.test/api/cello/signups', {
          method: 'POST',
          headers: { origin: 'http://app.test', 'content-type': 'application/json' },
          body: JSON.stringify({ ucc }),
        }),
      )
    const kept = await signup('carol', 'pNRB1aYqArN')
    expect([kept.status, await kept.json()]).toEqual([202, { reported: 'queued' }])
    const own = await signup('bob', 'BobsOwnCode') // Bob's own code, while Cello cannot say so
    expect([own.status, await own.json()]).toEqual([202, { reported: 'queued' }])
    expect(await outbox.get('new-signup:user-carol')).toMatchObject({
      state: 'queued',
      uncertain: false,
      reason: expect.stringMatching(/check of its referral code failed/),
    })
    expect(emulator.requests.filter((r) => r.path === '/events')).toEqual([]) // never sent unchecked

    emulator.clearFaults()
    await outbox.drain()
    expect((await outbox.get('new-signup:user-carol'))?.state).toBe('delivered')
    expect(await outbox.get('new-signup:user-bob')).toMatchObject({
      state: 'dead',
      reason: expect.stringMatching(/^self_referral/),
    })
    expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['user-carol'])
  })

  it('answers 503 unavailable when getUser does not answer within getUserTimeoutMs, and tells onError', async () => {
    handlerOptions = { getUser: () => new Promise<never>(() => {}), getUserTimeoutMs: 50 }
    const response = await call('/api/cello/active-link')
    expect(response).toMatchObject({ status: 503, json: { error: { code: 'unavailable' } } })
    expect(errors).toEqual([expect.objectContaining({ code: 'get_user_timeout' })])
  }, 4000)

  it("prints an error with the default onError as it is: the app's own message passes through", async () => {
    const printed: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void printed.push(args.join(' '))
    try {
      const handler = createCelloHandler({
        client: signupClient,
        getUser: () => {
          throw new Error('connect ECONNREFUSED db.internal:5432')
        },
      })
      expect((await handler(new Request('http://app.test/api/cello/active-link'))).status).toBe(500)
    } finally {
      console.error = original
    }
    expect(printed).toEqual(['[react-cello] Error: connect ECONNREFUSED db.internal:5432'])
  })

  it('GET /widget-token is 404 unless configured, then signs a token for the signed-in user', async () => {
    expect((await call('/api/cello/widget-token', { session: 'bob' })).status).toBe(404)
    handlerOptions = { widget: { productId: 'moonly', productSecret: 'product-secret' } }
    expect((await call('/api/cello/widget-token')).status).toBe(401)
    const { json } = await call('/api/cello/widget-token', { session: 'bob' })
    const { payload } = await jwtVerify(json!.token as string, new TextEncoder().encode('product-secret'))
    expect(payload).toMatchObject({ productId: 'moonly', productUserId: 'user-bob' })
  })

  it('is what createFetchBff in the browser bundle talks to', async () => {
    const bff = createFetchBff({ baseUrl: `${base}/api/cello`, headers: { cookie: 'session=bob', origin: base } })
    await expect(bff.getActiveLink()).resolves.toMatchObject({ link: expect.any(String) })
    await expect(bff.validateReferralCode('pNRB1aYqArN')).resolves.toEqual({
      code: 'pNRB1aYqArN',
      valid: true,
      campaignId: 'campaign-1',
    })
    await expect(bff.reportSignup({ ucc: 'pNRB1aYqArN' })).resolves.toEqual({ reported: true })
    // The answers a signup form shows: a code Cello does not know, and the user's own code.
    const carol = createFetchBff({ baseUrl: `${base}/api/cello`, headers: { cookie: 'session=carol', origin: base } })
    await expect(carol.reportSignup({ ucc: 'NoSuchCode1' })).resolves.toEqual({
      reported: false,
      reason: 'invalid_code',
    })
    emulator.addReferrer({ productUserId: 'user-carol', ucc: 'CarolsCode1' })
    await expect(carol.reportSignup({ ucc: 'CarolsCode1' })).resolves.toEqual({
      reported: false,
      reason: 'self_referral',
    })
    await expect(createFetchBff({ baseUrl: `${base}/api/cello` }).getActiveLink()).rejects.toMatchObject({
      code: 'unauthorized',
    })
  })
})

describe('rules', () => {
  it('takes the user id from getUser only, never from the query or the body', async () => {
    await call('/api/cello/signups?productUserId=mallory&newUserId=mallory', {
      method: 'POST',
      session: 'bob',
      body: JSON.stringify({
        ucc: 'pNRB1aYqArN',
        productUserId: 'mallory',
        newUserId: 'mallory',
        newUser: { id: 'mallory' },
      }),
    })
    expect(JSON.stringify(emulator.events)).not.toContain('mallory')
    expect(emulator.events[0]!.payload.newUserId).toBe('user-bob')
    const link = await call('/api/cello/active-link?productUserId=alice', { session: 'bob' })
    expect((link.json as { activeUcc: string }).activeUcc).not.toBe('pNRB1aYqArN')
  })

  it('refuses a cross-origin POST, and one with no Origin or Sec-Fetch-Site', async () => {
    const body = JSON.stringify({ ucc: 'pNRB1aYqArN' })
    expect(
      (
        await call('/api/cello/signups', {
          method: 'POST',
          session: 'bob',
          body,
          headers: { origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403)
    expect(
      (await call('/api/cello/signups', { method: 'POST', session: 'bob', body, headers: { origin: 'null' } })).status,
    ).toBe(403)
    const bare = await fetch(`${base}/api/cello/signups`, {
      method: 'POST',
      body,
      headers: { cookie: 'session=bob', 'content-type': 'application/json' },
    })
    expect(bare.status).toBe(403)
    expect(emulator.events).toHaveLength(0)
  })

  it('accepts Sec-Fetch-Site: same-origin, and an allowed origin with CORS headers', async () => {
    const body = JSON.stringify({ ucc: 'pNRB1aYqArN' })
    const sameSite = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body,
      headers: { origin: 'https://proxy.example', 'sec-fetch-site': 'same-origin' },
    })
    expect(sameSite.status).toBe(202)
    handlerOptions = { allowedOrigins: ['https://app.example.com'] }
    const allowed = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body,
      headers: { origin: 'https://app.example.com' },
    })
    expect(allowed.status).toBe(202)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
    const preflight = await fetch(`${base}/api/cello/signups`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
  })

  it('never lets the request path choose the origin it is compared with', async () => {
    // `POST //evil.com/api/cello/signups`: resolved against the Host, `//evil.com` would become the host.
    const { port } = server.address() as { port: number }
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '//evil.com/api/cello/signups',
          headers: { origin: 'http://evil.com', cookie: 'session=bob', 'content-type': 'application/json' },
        },
        (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk.toString()))
          res.on('end', () => resolve({ status: res.statusCode!, body }))
        },
      )
      req.on('error', reject)
      req.end(JSON.stringify({ ucc: 'pNRB1aYqArN' }))
    })
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'not_found' } })
    expect(emulator.events).toHaveLength(0)
  })

  it('refuses Sec-Fetch-Site cross-site or same-site even when the Origin header matches, unless the origin is allowed', async () => {
    const body = JSON.stringify({ ucc: 'pNRB1aYqArN' })
    for (const site of ['cross-site', 'same-site']) {
      const response = await call('/api/cello/signups', {
        method: 'POST',
        session: 'bob',
        body,
        headers: { origin: base, 'sec-fetch-site': site },
      })
      expect({ site, status: response.status }).toEqual({ site, status: 403 })
    }
    expect(emulator.events).toHaveLength(0)
    handlerOptions = { allowedOrigins: ['https://app.example.com'] }
    const allowed = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body,
      headers: { origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' },
    })
    expect(allowed.status).toBe(202)
  })

  it('compares the scheme as well as the host: an http Origin is refused on an https host', async () => {
    const body = JSON.stringify({ ucc: 'pNRB1aYqArN' })
    const https = base.replace('http:', 'https:')
    // behind a TLS-terminating proxy, which says so in X-Forwarded-Proto
    const downgraded = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body,
      headers: { origin: base, 'x-forwarded-proto': 'https' },
    })
    expect(downgraded.status).toBe(403)
    expect(emulator.events).toHaveLength(0)
    const proxied = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body,
      headers: { origin: https, 'x-forwarded-proto': 'https' },
    })
    expect(proxied.status).toBe(202)
    // and with a Web-standard request whose URL is https
    const handler = createCelloHandler({ client: signupClient, getUser: () => users.carol!, onError: () => {} })
    const post = (origin: string) =>
      handler(
        new Request('https://app.test/api/cello/signups', {
          method: 'POST',
          headers: { origin, host: 'app.test', 'content-type': 'application/json' },
          body,
        }),
      )
    expect((await post('http://app.test')).status).toBe(403)
    expect((await post('https://app.test')).status).toBe(202)
  })

  it('needs Content-Type: application/json on POST (415)', async () => {
    const response = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body: 'ucc=pNRB1aYqArN',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response).toMatchObject({ status: 415, json: { error: { code: 'unsupported_media_type' } } })
  })

  it('refuses a body over 16 KB (413)', async () => {
    const response = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body: JSON.stringify({ ucc: 'pNRB1aYqArN', pad: 'x'.repeat(17 * 1024) }),
    })
    expect(response).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } })
  })

  it('answers 400 to malformed JSON and to a malformed ucc', async () => {
    expect((await call('/api/cello/signups', { method: 'POST', session: 'bob', body: '{"ucc":' })).json).toMatchObject({
      error: { code: 'bad_request' },
    })
    expect(
      (await call('/api/cello/signups', { method: 'POST', session: 'bob', body: JSON.stringify({ ucc: 'a b' }) }))
        .status,
    ).toBe(400)
  })

  it('names every bad field of a body its schema refuses, and sends nothing', async () => {
    const wrongType = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body: JSON.stringify({ ucc: 42 }),
    })
    expect(wrongType).toMatchObject({
      status: 400,
      json: { error: { code: 'bad_request', issues: [{ path: 'ucc', message: expect.any(String) }] } },
    })
    expect((wrongType.json?.error as { message: string }).message).toMatch(/^The signup body: ucc /)
    const notAnObject = await call('/api/cello/signups', { method: 'POST', session: 'bob', body: '[1]' })
    expect(notAnObject).toMatchObject({ status: 400, json: { error: { code: 'bad_request', issues: [{ path: '' }] } } })
    expect(emulator.events).toHaveLength(0)
  })

  it('reads a null body, or one with other fields, like one without a ucc', async () => {
    const sent = await call('/api/cello/signups', {
      method: 'POST',
      session: 'bob',
      body: 'null',
      headers: { cookie: 'session=bob; cello-referral=pNRB1aYqArN' },
    })
    expect(sent).toMatchObject({ status: 202, json: { reported: true } })
    const extra = await call('/api/cello/signups', {
      method: 'POST',
      session: 'carol',
      body: JSON.stringify({ ucc: 'pNRB1aYqArN', note: 'kept out' }),
    })
    expect(extra).toMatchObject({ status: 202, json: { reported: true } })
  })

  it('answers 400 with the issue to a referral code that is not valid URL encoding', async () => {
    const response = await call('/api/cello/referral-codes/%E0%A4%A')
    expect(response).toMatchObject({
      status: 400,
      json: { error: { code: 'bad_request', issues: [{ path: '', message: 'is not valid URL encoding' }] } },
    })
  })

  it('answers 500 and tells onError when getUser returns a field of the wrong type', async () => {
    users.dave = { productUserId: 'user-dave', createdAt: new Date(), ...{ email: 42 } } as unknown as CelloUser
    try {
      const response = await call('/api/cello/signups', {
        method: 'POST',
        session: 'dave',
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      })
      expect(response).toMatchObject({ status: 500, json: { error: { code: 'server_error' } } })
      expect(errors).toEqual([
        expect.objectContaining({
          code: 'validation_failed',
          issues: [{ path: 'email', message: expect.any(String) }],
        }),
      ])
    } finally {
      delete users.dave
    }
  })

  it('answers 404 to an unknown route, inside and outside basePath', async () => {
    expect((await call('/api/cello/nope')).json).toMatchObject({ error: { code: 'not_found' } })
    expect((await call('/elsewhere')).status).toBe(404)
  })

  it('answers 405 with Allow to a wrong method', async () => {
    const response = await call('/api/cello/active-link', { method: 'POST', session: 'bob', body: '{}' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
    expect((await call('/api/cello/signups', { method: 'DELETE' })).headers.get('allow')).toBe('POST')
  })

  it("turns a Cello failure into a 502 with a generic message, never Cello's message or a token", async () => {
    emulator.injectFault({ kind: 'status', status: 500, message: 'internal detail at_deadbeefcafe', times: Infinity })
    const response = await call('/api/cello/active-link', { session: 'bob' })
    expect(response).toMatchObject({ status: 502, json: { error: { code: 'upstream' } } })
    expect(response.text).not.toContain('internal detail')
    expect(errors).toHaveLength(1)
  })

  it('never answers a 500 with a stack, even when getUser throws', async () => {
    handlerOptions = {
      getUser: () => {
        throw new Error('database exploded at /srv/app/db.js:12')
      },
    }
    const response = await call('/api/cello/active-link')
    expect(response).toMatchObject({ status: 500, json: { error: { code: 'server_error' } } })
    expect(response.text).not.toContain('database')
    expect(errors).toHaveLength(1)
  })

  it('tells the developer (onError) and not the visitor when getUser gives no email for a signup', async () => {
    handlerOptions = { getUser: () => ({ productUserId: 'user-x', createdAt: new Date() }) }
    const response = await call('/api/cello/signups', { method: 'POST', body: JSON.stringify({ ucc: 'pNRB1aYqArN' }) })
    expect(response).toMatchObject({ status: 500, json: { error: { code: 'server_error' } } })
    expect(errors).toEqual([
      expect.objectContaining({ name: 'CelloValidationError', issues: [expect.objectContaining({ path: 'email' })] }),
    ])
    expect(emulator.events).toHaveLength(0)
  })

  it('keeps working under an Express mount path (originalUrl) with a body express.json() already parsed', async () => {
    const handler = toNodeHandler(
      createCelloHandler({
        client: createCelloClient({
          accessKeyId: emulator.accessKeyId,
          secretAccessKey: emulator.secretAccessKey,
          baseUrl: emulator.url,
        }),
        getUser: () => users.bob!,
      }),
    )
    const express = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const parsed = Object.assign(req, {
          originalUrl: req.url,
          body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as unknown,
        })
        parsed.url = req.url!.replace('/api/cello', '') // what Express does under app.use('/api/cello', …)
        void handler(parsed, res)
      })
    })
    await new Promise<void>((resolve) => express.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(express.address() as { port: number }).port}`
    try {
      const response = await fetch(`${url}/api/cello/signups`, {
        method: 'POST',
        headers: { origin: url, 'content-type': 'application/json' },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      })
      expect(response.status).toBe(202)
      expect(emulator.events).toHaveLength(1)
    } finally {
      express.closeAllConnections()
      await new Promise((resolve) => express.close(resolve))
    }
  })
})

describe('toNodeHandler', () => {
  /** Runs `handle` on its own loopback server for one test. */
  async function withServer(
    handle: (req: IncomingMessage, res: ServerResponse) => void,
    run: (url: string) => Promise<void>,
  ) {
    const own = createServer(handle)
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve))
    try {
      await run(`http://127.0.0.1:${(own.address() as { port: number }).port}`)
    } finally {
      own.closeAllConnections()
      await new Promise((resolve) => own.close(resolve))
    }
  }

  it('answers 400 bad_request, not a hang, when an earlier middleware read the body and did not pass it on', async () => {
    const handler = toNodeHandler(createCelloHandler({ client: signupClient, getUser: () => users.bob! }))
    await withServer(
      (req, res) => {
        req.resume() // a middleware that reads the body and keeps it (no req.body)
        req.on('end', () => void handler(req, res))
      },
      async (url) => {
        const response = await fetch(`${url}/api/cello/signups`, {
          method: 'POST',
          headers: { origin: url, 'content-type': 'application/json' },
          body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
        })
        expect(response.status).toBe(400)
        expect(await response.json()).toEqual({
          error: { code: 'bad_request', message: expect.stringMatching(/body/) },
        })
      },
    )
    expect(emulator.events).toHaveLength(0)
  })

  it.each([
    ['a chunked body', {}],
    ['a declared Content-Length', { 'content-length': String(28 + 64 * 4096 + 2) }],
  ])(
    'answers 413 to %s over 16 KB, the client receives it, and the connection serves the next request',
    async (_, length: Record<string, string>) => {
      const { port } = server.address() as { port: number }
      // One kept-alive socket: the second request only gets an answer once the first body was drained.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      const post = (headers: Record<string, string>, send: (req: ClientRequest) => void) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpRequest(
            {
              agent,
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/api/cello/signups',
              headers: { origin: base, cookie: 'session=bob', 'content-type': 'application/json', ...headers },
            },
            (res) => {
              let body = ''
              res.on('data', (chunk: Buffer) => (body += chunk.toString()))
              res.on('end', () => resolve({ status: res.statusCode!, body }))
            },
          )
          req.on('error', reject)
          send(req)
        })
      try {
        const refused = await post(length, (req) => {
          // without content-length, Node sends Transfer-Encoding: chunked
          req.write(`{"ucc":"pNRB1aYqArN","pad":"`)
          for (let i = 0; i < 64; i++) req.write('x'.repeat(4096))
          req.end('"}')
        })
        expect(refused.status).toBe(413)
        expect(JSON.parse(refused.body)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } })
        expect(emulator.events).toHaveLength(0)
        const next = await post({}, (req) => req.end(JSON.stringify({ ucc: 'pNRB1aYqArN' })))
        expect(next.status).toBe(202)
        expect(emulator.events).toHaveLength(1)
      } finally {
        agent.destroy()
      }
    },
  )
})
