// The handler's side of the trace (issue 22): what POST /signups decided is recorded in the outbox,
// refusals that record no event included, and the development-only GET /debug/trace answers the
// signed-in user's explain result; off by default, refused in production.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createCelloClient,
  createCelloHandler,
  createCelloOutbox,
  type CelloHandlerOptions,
  type CelloOutbox,
  type CelloUser,
  type OutboxExplanation,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

const UCC = 'pNRB1aYqArN'
let emulator: CelloEmulator
let client: ReturnType<typeof createCelloClient>

const now = () => new Date()
const users: Record<string, CelloUser> = {
  bob: { productUserId: 'user-bob', email: 'bob@example.com', name: 'Bob Builder', createdAt: now() },
  olga: { productUserId: 'user-olga', email: 'olga@example.com', createdAt: Date.now() - 365 * 24 * 60 * 60 * 1000 },
  alice: { productUserId: 'alice', email: 'alice@example.com', createdAt: now() },
  dan: { productUserId: 'user-dan', email: 'dan@example.com', createdAt: now() },
}

beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: UCC }] })
  client = createCelloClient({
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    baseUrl: emulator.url,
  })
})
afterEach(() => {
  emulator.reset()
  vi.unstubAllEnvs()
})
afterAll(() => emulator.close())

function app(options: Partial<CelloHandlerOptions> & { outbox: CelloOutbox }) {
  const errors: unknown[] = []
  const handler = createCelloHandler({
    client,
    getUser: (request) => users[/session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''] ?? null,
    onError: (error) => errors.push(error),
    ...options,
  })
  const signup = (session: string, body: unknown, cookie = '') =>
    handler(
      new Request('http://app.test/api/cello/signups', {
        method: 'POST',
        headers: {
          origin: 'http://app.test',
          'content-type': 'application/json',
          cookie: `session=${session}${cookie}`,
        },
        body: JSON.stringify(body),
      }),
    )
  const trace = (session?: string) =>
    handler(
      new Request('http://app.test/api/cello/debug/trace', {
        headers: session ? { cookie: `session=${session}` } : {},
      }),
    )
  return { handler, signup, trace, errors }
}

describe('POST /signups records its decision in the trace', () => {
  it('for each refusal, the events it records, and where the code came from; never an email or a name', async () => {
    const outbox = createCelloOutbox({ client })
    const { signup, errors } = app({ outbox })

    expect((await signup('bob', {})).status).toBe(200) // no_referral
    expect((await signup('bob', { ucc: 'unknownCode1' })).status).toBe(200) // invalid_code
    expect((await signup('olga', { ucc: UCC })).status).toBe(403) // not_new_user
    expect((await signup('alice', { ucc: UCC })).status).toBe(403) // self_referral
    expect((await signup('bob', {}, `; cello-referral=${UCC}`)).status).toBe(202) // reported, from the cookie
    expect((await signup('bob', { ucc: UCC })).status).toBe(200) // a duplicate
    expect(errors).toEqual([])
    expect((await outbox.list()).map((e) => e.key)).toEqual(['new-signup:user-bob'])

    const bob = await outbox.explain('user-bob')
    expect(bob.decisions.map(({ at: _at, ...d }) => d)).toEqual([
      {
        userId: 'user-bob',
        newUserId: null,
        outcome: 'refused',
        reason: 'no_referral',
        code: null,
        codeFrom: null,
        eventKey: null,
        duplicate: false,
      },
      {
        userId: 'user-bob',
        newUserId: 'user-bob',
        outcome: 'refused',
        reason: 'invalid_code',
        code: 'unknownCode1',
        codeFrom: 'body',
        eventKey: null,
        duplicate: false,
      },
      {
        userId: 'user-bob',
        newUserId: 'user-bob',
        outcome: 'reported',
        reason: null,
        code: UCC,
        codeFrom: 'cookie',
        eventKey: 'new-signup:user-bob',
        duplicate: false,
      },
      {
        userId: 'user-bob',
        newUserId: 'user-bob',
        outcome: 'reported',
        reason: null,
        code: UCC,
        codeFrom: 'body',
        eventKey: 'new-signup:user-bob',
        duplicate: true,
      },
    ])
    expect(bob.events).toMatchObject([
      { key: 'new-signup:user-bob', state: 'delivered', attempts: [{ state: 'delivered' }] },
    ])
    expect((await outbox.explain('user-olga')).decisions).toMatchObject([
      { outcome: 'refused', reason: 'not_new_user', code: UCC },
    ])
    expect((await outbox.explain('alice')).decisions).toMatchObject([
      { outcome: 'refused', reason: 'self_referral', code: UCC },
    ])
    expect(JSON.stringify([bob, await outbox.explain('alice')])).not.toMatch(/@example\.com|Bob Builder/)
  })

  it('records webhook_source, and a queued signup while Cello is down', async () => {
    const outbox = createCelloOutbox({ client, backoff: { baseMs: 0, maxMs: 0 } })
    const stripeSourced = createCelloClient({
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
      baseUrl: emulator.url,
      sources: { signups: 'stripe' },
    })
    expect((await app({ outbox, client: stripeSourced }).signup('bob', { ucc: UCC })).status).toBe(200)
    emulator.injectFault({ kind: 'status', status: 503, path: '/events', times: Infinity })
    const { signup } = app({ outbox })
    expect(await (await signup('dan', { ucc: UCC })).json()).toEqual({ reported: 'queued' })
    expect((await outbox.explain('user-bob')).decisions).toMatchObject([
      { outcome: 'refused', reason: 'webhook_source' },
    ])
    const dan = await outbox.explain('user-dan')
    expect(dan.decisions).toMatchObject([{ outcome: 'queued', reason: null, eventKey: 'new-signup:user-dan' }])
    expect(dan.events[0]?.attempts[0]).toMatchObject({ state: 'queued', status: 503 })
  })

  it('answers as usual when the trace cannot be written, and tells onError', async () => {
    const outbox = createCelloOutbox({ client })
    const failing: CelloOutbox = {
      ...outbox,
      store: { ...outbox.store, recordDecision: () => Promise.reject(new Error('database is down')) },
    }
    const { signup, errors } = app({ outbox: failing })
    expect(await (await signup('bob', {})).json()).toEqual({ reported: false, reason: 'no_referral' })
    expect(errors.map((e) => (e as Error).message)).toEqual(['database is down'])
  })
})

describe('GET /debug/trace', () => {
  it('is off by default: 404, nothing read', async () => {
    const outbox = createCelloOutbox({ client })
    const explain = vi.spyOn(outbox, 'explain')
    const response = await app({ outbox }).trace('bob')
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({
      error: { code: 'not_found', message: expect.stringMatching(/debug: true/) },
    })
    expect(explain).not.toHaveBeenCalled()
  })

  it("with debug: true, answers the signed-in user's explain result, and 401 to nobody", async () => {
    const outbox = createCelloOutbox({ client })
    const { signup, trace } = app({ outbox, debug: true })
    await signup('bob', { ucc: 'unknownCode1' })
    await signup('bob', { ucc: UCC })
    await signup('dan', {})
    expect((await trace()).status).toBe(401)
    const response = await trace('bob')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as OutboxExplanation
    expect(body).toEqual(JSON.parse(JSON.stringify(await outbox.explain('user-bob'))))
    expect(body.subject).toBe('user-bob')
    expect(body.decisions.map((d) => d.reason)).toEqual(['invalid_code', null]) // nothing of dan's
    expect(body.events.map((e) => [e.key, e.state])).toEqual([['new-signup:user-bob', 'delivered']])
  })

  it("is refused when NODE_ENV is 'production', even with debug: true", async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const outbox = createCelloOutbox({ client })
    const explain = vi.spyOn(outbox, 'explain')
    const response = await app({ outbox, debug: true }).trace('bob')
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({
      error: { code: 'not_found', message: expect.stringMatching(/production/) },
    })
    expect(explain).not.toHaveBeenCalled()
  })
})
