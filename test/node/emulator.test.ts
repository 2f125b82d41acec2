import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCelloEmulator, type CelloEmulator } from '../../src/testing'
import { validateResponse } from './server/openapiContract'

let emulator: CelloEmulator
let clock = Date.parse('2026-01-01T00:00:00Z')

beforeAll(async () => {
  emulator = await createCelloEmulator({
    now: () => clock,
    tokenTtlSeconds: 60,
    refreshTtlSeconds: 600,
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' }],
  })
})
afterEach(() => emulator.reset())
afterAll(() => emulator.close())

/** One raw request; the answer is checked against Cello's OpenAPI document unless it is a fault. */
async function call(method: string, path: string, { body, token, raw, documented = true }: { body?: unknown; token?: string; raw?: string; documented?: boolean } = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  const text = await response.text()
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  if (documented) expect(validateResponse(method, path, response.status, json).errors).toEqual([])
  expect(response.headers.get('apigw-requestid')).toMatch(/.+/)
  return { status: response.status, json, text, headers: response.headers }
}

const keys = () => ({ accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey })
const login = async () => (await call('POST', '/token', { body: keys() })).json as { accessToken: string; refreshToken: string }
const event = (trigger = 'new-signup', extra: Record<string, unknown> = {}) => ({
  eventName: 'ReferralUpdated',
  payload: { ucc: 'pNRB1aYqArN', newUserId: 'user-1', ...extra },
  context: { newUser: { id: 'user-1', email: 'bob@example.com' }, event: { trigger, timestamp: '2026-01-01T00:00:00Z' } },
})

describe('tokens', () => {
  it('exchanges the keys for tokens (201) and refuses wrong keys with 400 that does not echo them', async () => {
    const ok = await call('POST', '/token', { body: keys() })
    expect(ok).toMatchObject({ status: 201, json: { expiresIn: 60, refreshTokenExpiresIn: 600 } })
    const wrong = await call('POST', '/token', { body: { accessKeyId: emulator.accessKeyId, secretAccessKey: 'guess-my-secret' } })
    expect(wrong).toMatchObject({ status: 400, json: { message: expect.any(String) } })
    expect(wrong.text).not.toContain('guess-my-secret')
    expect(emulator.tokenRequests.map((t) => [t.kind, t.ok])).toEqual([['keys', true], ['keys', false]])
  })

  it('refuses missing fields, malformed JSON and unknown refresh tokens with 400 { message }', async () => {
    for (const body of [{}, { accessKeyId: emulator.accessKeyId }, { secretAccessKey: 'only-the-secret' }, { refreshToken: 'rt_unknown' }]) {
      const answer = await call('POST', '/token', { body })
      expect(answer).toMatchObject({ status: 400, json: { message: expect.any(String) } })
      expect(answer.text).not.toContain('only-the-secret')
    }
    expect(await call('POST', '/token', { raw: '{"accessKeyId":' })).toMatchObject({ status: 400, json: { message: 'Malformed JSON body' } })
    expect(emulator.tokenRequests.map((t) => [t.kind, t.ok])).toEqual([['keys', false], ['keys', false], ['keys', false], ['refresh', false]])
  })

  it('refreshes with the refresh token (201, no new refresh token) until it expires (then 400)', async () => {
    const { refreshToken } = await login()
    const refreshed = await call('POST', '/token', { body: { refreshToken } })
    expect(refreshed.status).toBe(201)
    expect(Object.keys(refreshed.json!).sort()).toEqual(['accessToken', 'expiresIn'])
    clock += 601_000
    expect((await call('POST', '/token', { body: { refreshToken } })).status).toBe(400)
  })

  it('expires access tokens after tokenTtlSeconds and on expireTokens()', async () => {
    const { accessToken } = await login()
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token: accessToken })).status).toBe(200)
    clock += 61_000
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token: accessToken })).status).toBe(401)
    const second = await login()
    emulator.expireTokens()
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token: second.accessToken })).status).toBe(401)
    expect(emulator.requests.map((r) => r.authorization).filter(Boolean)).toEqual(['valid', 'expired', 'invalid'])
  })

  it('answers 401 without a bearer token, or with an unknown one', async () => {
    expect((await call('GET', '/referral-codes/active-link/alice')).json).toEqual({ message: 'Unauthorized' })
    expect((await call('GET', '/referral-codes/active-link/alice', { token: 'made-up' })).status).toBe(401)
    expect((await call('POST', '/events', { body: event() })).json).toEqual({ message: 'Unauthorized' })
    expect(emulator.requests.map((r) => [r.status, r.authorization])).toEqual([[401, 'missing'], [401, 'invalid'], [401, 'missing']])
    expect(emulator.events).toHaveLength(0)
  })
})

describe('endpoints', () => {
  it('answers codes, links, rewards and depersonalization as documented', async () => {
    const { accessToken: token } = await login()
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).json).toEqual({ code: 'pNRB1aYqArN', productUserId: 'alice', valid: true, campaignId: 'campaign-1' })
    expect((await call('GET', '/referral-codes/BADCODE', { token })).json).toEqual({ code: 'BADCODE', productUserId: '', valid: false, campaignId: '' })
    expect((await call('GET', '/referral-codes/active-link/alice', { token })).json).toEqual({ activeUcc: 'pNRB1aYqArN', link: 'https://moonly.cello.so/pNRB1aYqArN' })
    const newcomer = (await call('GET', '/referral-codes/active-link/user-9', { token })).json!
    expect(newcomer.activeUcc).toMatch(/^[A-Za-z0-9]{11}$/)
    expect((await call('GET', '/referral-codes/active-link/user-9', { token })).json).toEqual(newcomer) // stable
    expect((await call('GET', '/new-users/user-1/reward', { token })).json).toEqual({ eligible: false, reward: null })
    await call('POST', '/events', { token, body: event() })
    expect((await call('GET', '/new-users/user-1/reward', { token })).json).toMatchObject({ eligible: true, referralUcc: 'pNRB1aYqArN', reward: { type: 'standard' } })
    expect((await call('POST', '/referrers/alice/depersonalize', { token })).status).toBe(204)
    expect(emulator.referrers.find((r) => r.productUserId === 'alice')).not.toHaveProperty('name')
    expect((await call('POST', '/referrers/nobody/depersonalize', { token })).status).toBe(404)
  })

  it('makes an unknown user a referrer whose generated code then looks up as valid', async () => {
    const { accessToken: token } = await login()
    const { activeUcc, link } = (await call('GET', '/referral-codes/active-link/carol', { token })).json as { activeUcc: string; link: string }
    expect(link).toBe(`https://moonly.cello.so/${activeUcc}`)
    expect((await call('GET', `/referral-codes/${activeUcc}`, { token })).json).toMatchObject({ code: activeUcc, productUserId: 'carol', valid: true })
    expect(emulator.referrers.map((r) => r.productUserId)).toContain('carol')
  })

  it('gives every user id its own code, also ids that share their first 11 characters or more', async () => {
    const { accessToken: token } = await login()
    const ids = Array.from({ length: 50 }, (_, i) => `workspace-1234-user-${i}`)
    const codes = new Map<string, string>()
    for (const id of ids) codes.set(id, ((await call('GET', `/referral-codes/active-link/${id}`, { token })).json as { activeUcc: string }).activeUcc)
    expect(new Set(codes.values()).size).toBe(ids.length)
    for (const [id, code] of codes) {
      expect(code).toMatch(/^[A-Za-z0-9]{11}$/)
      expect((await call('GET', `/referral-codes/${code}`, { token })).json).toMatchObject({ productUserId: id, valid: true })
    }
  })

  it('finds the reward by context.newUser.id (organisation-level signups) and only for known referrers', async () => {
    const { accessToken: token } = await login()
    const orgSignup = { ...event(), payload: { ucc: 'pNRB1aYqArN', newUserId: 'org-7' }, context: { newUser: { id: 'dave', email: 'dave@example.com' }, event: { trigger: 'new-signup', timestamp: '2026-01-02T03:04:05Z' } } }
    const strangerSignup = { ...event(), payload: { ucc: 'UnknownCode', newUserId: 'erin' } }
    for (const body of [orgSignup, strangerSignup]) expect((await call('POST', '/events', { token, body })).status).toBe(200)
    const reward = (await call('GET', '/new-users/dave/reward', { token })).json
    expect(reward).toMatchObject({ eligible: true, signupAt: '2026-01-02T03:04:05Z', referralUcc: 'pNRB1aYqArN', campaignId: 'campaign-1', reward: { type: 'standard', interval: 'month', intervalCount: 6, percentage: 50 } })
    expect((await call('GET', '/new-users/org-7/reward', { token })).json).toMatchObject({ eligible: true })
    expect((await call('GET', '/new-users/erin/reward', { token })).json).toEqual({ eligible: false, reward: null })
  })

  it('answers 413 to bodies over 1 MB without recording them', async () => {
    const { accessToken: token } = await login()
    const huge = event('new-signup', { padding: 'x'.repeat(1024 * 1024) })
    expect(await call('POST', '/events', { token, body: huge, documented: false })).toMatchObject({ status: 413, json: { message: expect.any(String) } })
    expect(emulator.events).toHaveLength(0)
  })

  it('records a valid event (payload extras stripped, like Cello) and refuses invalid ones with 400 naming the field', async () => {
    const { accessToken: token } = await login()
    expect((await call('POST', '/events', { token, body: event('invoice-paid', { price: 10, currency: 'EUR', secret: 'x' }) })).json).toEqual({ success: true })
    expect(emulator.events).toHaveLength(1)
    expect(emulator.events[0]!.payload).toEqual({ ucc: 'pNRB1aYqArN', newUserId: 'user-1', price: 10, currency: 'EUR' })
    expect(emulator.events[0]!.receivedAt).toMatch(/Z$/)
    const cases: [unknown, string][] = [
      [{ ...event(), payload: { newUserId: 'u' } }, 'payload.ucc'],
      [event('signed-up'), 'context.event.trigger'],
      [{ ...event(), context: { event: { trigger: 'new-signup', timestamp: '2022-10-05 14:14:34' } } }, 'context.event.timestamp'],
      [{ ...event(), eventName: 'Other' }, 'eventName'],
      [{ ...event(), payload: { ucc: '', newUserId: 'u' } }, 'payload.ucc'],
      [{ ...event(), context: { ...event().context, newUser: { email: 'not-an-email' } } }, 'context.newUser.email'],
      [{ ...event(), context: { ...event().context, subscription: { interval: 'fortnightly', seatsUsed: 1.5 } } }, 'context.subscription.interval'],
      [{ ...event(), context: { ...event().context, subscription: { seatsUsed: 1.5 } } }, 'context.subscription.seatsUsed'],
    ]
    for (const [body, field] of cases) {
      const answer = await call('POST', '/events', { token, body })
      expect(answer.status).toBe(400)
      expect(answer.json!.message).toContain(field)
    }
    expect((await call('POST', '/events', { token, raw: '{"eventName":' })).status).toBe(400)
    expect(emulator.events).toHaveLength(1)
  })

  it('answers 404 to unknown paths and 405 to wrong methods, with { message }', async () => {
    const { accessToken: token } = await login()
    expect(await call('GET', '/nope', { token, documented: false })).toMatchObject({ status: 404, json: { message: expect.any(String) } })
    expect(await call('DELETE', '/events', { token, documented: false })).toMatchObject({ status: 405, json: { message: expect.any(String) } })
    expect(await call('GET', '/token', { documented: false })).toMatchObject({ status: 405 })
    expect(await call('GET', '/referral-codes/%E0%A4%A', { token, documented: false })).toMatchObject({ status: 400, json: { message: 'Malformed path' } })
    // The route is matched before the bearer token, so an unknown path is a 404 even without one.
    expect(await call('GET', '/v3/anything', { documented: false })).toMatchObject({ status: 404, json: { message: 'Not Found' } })
  })
})

describe('faults', () => {
  it('injects statuses with Retry-After, for `times` requests on matching paths only', async () => {
    const { accessToken: token } = await login()
    emulator.injectFault({ kind: 'status', status: 429, retryAfter: 2, path: '/referral-codes', times: 2 })
    const first = await call('GET', '/referral-codes/pNRB1aYqArN', { token, documented: false })
    expect(first).toMatchObject({ status: 429, json: { message: 'Too Many Requests' } })
    expect(first.headers.get('retry-after')).toBe('2')
    expect((await call('POST', '/events', { token, body: event() })).status).toBe(200) // other path untouched
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token, documented: false })).status).toBe(429)
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).status).toBe(200)
  })

  it('adds latency, drops connections, and can be cleared', async () => {
    const { accessToken: token } = await login()
    emulator.injectFault({ kind: 'latency', ms: 150 })
    const started = performance.now()
    await call('GET', '/referral-codes/pNRB1aYqArN', { token })
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    emulator.injectFault({ kind: 'drop', method: 'POST', path: '/events' })
    await expect(fetch(`${emulator.url}/events`, { method: 'POST', body: JSON.stringify(event()), headers: { authorization: `Bearer ${token}` } })).rejects.toThrow()
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/events', status: 'dropped' })
    expect(emulator.events).toHaveLength(0)
    emulator.injectFault({ kind: 'status', status: 503, times: Infinity })
    emulator.clearFaults()
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).status).toBe(200)
  })

  it('answers 503 and other statuses with their standard reason, and matches faults by RegExp and method', async () => {
    const { accessToken: token } = await login()
    emulator.injectFault({ kind: 'status', status: 503, path: /^\/new-users\/[^/]+\/reward$/, method: 'get', times: Infinity })
    emulator.injectFault({ kind: 'status', status: 500, path: '/events', method: 'POST', message: 'boom' })
    expect(await call('GET', '/new-users/bob/reward', { token, documented: false })).toMatchObject({ status: 503, json: { message: 'Service Unavailable' } })
    expect(await call('GET', '/new-users/carol/reward', { token, documented: false })).toMatchObject({ status: 503 })
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).status).toBe(200)
    expect(await call('POST', '/events', { token, body: event(), documented: false })).toMatchObject({ status: 500, json: { message: 'boom' } })
    expect((await call('POST', '/events', { token, body: event() })).status).toBe(200) // times: 1 is used up
    expect(emulator.events).toHaveLength(1)
    expect(emulator.requests.filter((r) => r.status === 503).map((r) => r.path)).toEqual(['/new-users/bob/reward', '/new-users/carol/reward'])
  })

  it('combines latency with a status fault, both armed from the options', async () => {
    const faulty = await createCelloEmulator({ faults: [{ kind: 'latency', ms: 100, path: '/token' }, { kind: 'status', status: 429, retryAfter: 1, path: '/token' }] })
    try {
      const started = performance.now()
      const response = await fetch(`${faulty.url}/token`, { method: 'POST', body: JSON.stringify({ accessKeyId: faulty.accessKeyId, secretAccessKey: faulty.secretAccessKey }) })
      expect(performance.now() - started).toBeGreaterThanOrEqual(90)
      expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([429, '1', { message: 'Too Many Requests' }])
      const next = await fetch(`${faulty.url}/token`, { method: 'POST', body: JSON.stringify({ accessKeyId: faulty.accessKeyId, secretAccessKey: faulty.secretAccessKey }) })
      const json: unknown = await next.json()
      expect(next.status).toBe(201)
      expect(validateResponse('POST', '/token', 201, json).errors).toEqual([])
    } finally {
      await faulty.close()
    }
  })

  it('applies a fault to about `rate` of matching requests', async () => {
    const faulty = await createCelloEmulator({ faults: [{ kind: 'status', status: 503, rate: 0.3, times: Infinity }] })
    try {
      const statuses = await Promise.all(Array.from({ length: 200 }, () => fetch(`${faulty.url}/token`, { method: 'POST', body: '{}' }).then((r) => r.status)))
      const share = statuses.filter((s) => s === 503).length / statuses.length
      expect(share).toBeGreaterThan(0.15)
      expect(share).toBeLessThan(0.45)
    } finally {
      await faulty.close()
    }
  })

  it('reset() forgets events, requests, tokens and faults but keeps the configured referrers', async () => {
    const { accessToken: token } = await login()
    await call('POST', '/events', { token, body: event() })
    emulator.injectFault({ kind: 'status', status: 503, times: Infinity })
    emulator.reset()
    expect([emulator.events.length, emulator.requests.length, emulator.tokenRequests.length]).toEqual([0, 0, 0])
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).status).toBe(401)
    expect(emulator.referrers.map((r) => r.ucc)).toEqual(['pNRB1aYqArN'])
    expect(JSON.stringify(emulator)).not.toContain(emulator.secretAccessKey)
  })
})
