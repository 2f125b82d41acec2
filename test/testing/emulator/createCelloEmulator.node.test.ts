import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { validateResponse } from '../../support/openapiContract'

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

/** One raw request (to `on`, the shared emulator by default); the answer is checked against Cello's OpenAPI document unless it is a fault. */
async function call(
  method: string,
  path: string,
  {
    body,
    token,
    raw,
    documented = true,
    on = emulator,
  }: { body?: unknown; token?: string; raw?: string; documented?: boolean; on?: CelloEmulator } = {},
) {
  const response = await fetch(`${on.url}${path}`, {
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

/** A raw POST /events for faults that leave no answer to check (a dropped connection rejects). */
const postEvent = (token: string, body: unknown) =>
  fetch(`${emulator.url}/events`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  })

const keys = (on = emulator) => ({ accessKeyId: on.accessKeyId, secretAccessKey: on.secretAccessKey })
const login = async (on = emulator) =>
  (await call('POST', '/token', { body: keys(on), on })).json as { accessToken: string; refreshToken: string }
const event = (trigger = 'new-signup', extra: Record<string, unknown> = {}) => ({
  eventName: 'ReferralUpdated',
  payload: { ucc: 'pNRB1aYqArN', newUserId: 'user-1', ...extra },
  context: {
    newUser: { id: 'user-1', email: 'bob@example.com' },
    event: { trigger, timestamp: '2026-01-01T00:00:00Z' },
  },
})

describe('tokens', () => {
  it('exchanges the keys for tokens (201) and refuses wrong keys with 400 that does not echo them', async () => {
    const ok = await call('POST', '/token', { body: keys() })
    expect(ok).toMatchObject({ status: 201, json: { expiresIn: 60, refreshTokenExpiresIn: 600 } })
    const wrong = await call('POST', '/token', {
      body: { accessKeyId: emulator.accessKeyId, secretAccessKey: 'guess-my-secret' },
    })
    expect(wrong).toMatchObject({ status: 400, json: { message: expect.any(String) } })
    expect(wrong.text).not.toContain('guess-my-secret')
    expect(emulator.tokenRequests.map((t) => [t.kind, t.ok])).toEqual([
      ['keys', true],
      ['keys', false],
    ])
  })

  it('refuses missing fields, malformed JSON and unknown refresh tokens with 400 { message }', async () => {
    for (const body of [
      {},
      { accessKeyId: emulator.accessKeyId },
      { secretAccessKey: 'only-the-secret' },
      { refreshToken: 'rt_unknown' },
    ]) {
      const answer = await call('POST', '/token', { body })
      expect(answer).toMatchObject({ status: 400, json: { message: expect.any(String) } })
      expect(answer.text).not.toContain('only-the-secret')
    }
    expect(await call('POST', '/token', { raw: '{"accessKeyId":' })).toMatchObject({
      status: 400,
      json: { message: 'Malformed JSON body' },
    })
    expect(emulator.tokenRequests.map((t) => [t.kind, t.ok])).toEqual([
      ['keys', false],
      ['keys', false],
      ['keys', false],
      ['refresh', false],
    ])
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
    expect(emulator.requests.map((r) => [r.status, r.authorization])).toEqual([
      [401, 'missing'],
      [401, 'invalid'],
      [401, 'missing'],
    ])
    expect(emulator.events).toHaveLength(0)
  })
})

describe('endpoints', () => {
  it('answers codes, links, rewards and depersonalization as documented', async () => {
    const { accessToken: token } = await login()
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).json).toEqual({
      code: 'pNRB1aYqArN',
      productUserId: 'alice',
      valid: true,
      campaignId: 'campaign-1',
    })
    expect((await call('GET', '/referral-codes/BADCODE', { token })).json).toEqual({
      code: 'BADCODE',
      productUserId: '',
      valid: false,
      campaignId: '',
    })
    expect((await call('GET', '/referral-codes/active-link/alice', { token })).json).toEqual({
      activeUcc: 'pNRB1aYqArN',
      link: 'https://moonly.cello.so/pNRB1aYqArN',
    })
    const newcomer = (await call('GET', '/referral-codes/active-link/user-9', { token })).json!
    expect(newcomer.activeUcc).toMatch(/^[A-Za-z0-9]{11}$/)
    expect((await call('GET', '/referral-codes/active-link/user-9', { token })).json).toEqual(newcomer) // stable
    expect((await call('GET', '/new-users/user-1/reward', { token })).json).toEqual({ eligible: false, reward: null })
    await call('POST', '/events', { token, body: event() })
    expect((await call('GET', '/new-users/user-1/reward', { token })).json).toMatchObject({
      eligible: true,
      referralUcc: 'pNRB1aYqArN',
      reward: { type: 'standard' },
    })
    expect((await call('POST', '/referrers/alice/depersonalize', { token })).status).toBe(204)
    expect(emulator.referrers.find((r) => r.productUserId === 'alice')).not.toHaveProperty('name')
    expect((await call('POST', '/referrers/nobody/depersonalize', { token })).status).toBe(404)
  })

  it('makes an unknown user a referrer whose generated code then looks up as valid', async () => {
    const { accessToken: token } = await login()
    const { activeUcc, link } = (await call('GET', '/referral-codes/active-link/carol', { token })).json as {
      activeUcc: string
      link: string
    }
    expect(link).toBe(`https://moonly.cello.so/${activeUcc}`)
    expect((await call('GET', `/referral-codes/${activeUcc}`, { token })).json).toMatchObject({
      code: activeUcc,
      productUserId: 'carol',
      valid: true,
    })
    expect(emulator.referrers.map((r) => r.productUserId)).toContain('carol')
  })

  it('gives every user id its own code, also ids that share their first 11 characters or more', async () => {
    const { accessToken: token } = await login()
    const ids = Array.from({ length: 50 }, (_, i) => `workspace-1234-user-${i}`)
    const codes = new Map<string, string>()
    for (const id of ids)
      codes.set(
        id,
        ((await call('GET', `/referral-codes/active-link/${id}`, { token })).json as { activeUcc: string }).activeUcc,
      )
    expect(new Set(codes.values()).size).toBe(ids.length)
    for (const [id, code] of codes) {
      expect(code).toMatch(/^[A-Za-z0-9]{11}$/)
      expect((await call('GET', `/referral-codes/${code}`, { token })).json).toMatchObject({
        productUserId: id,
        valid: true,
      })
    }
  })

  it('finds the reward by context.newUser.id (organisation-level signups), eligible only for known referrers', async () => {
    const { accessToken: token } = await login()
    const orgSignup = {
      ...event(),
      payload: { ucc: 'pNRB1aYqArN', newUserId: 'org-7' },
      context: {
        newUser: { id: 'dave', email: 'dave@example.com' },
        event: { trigger: 'new-signup', timestamp: '2026-01-02T03:04:05Z' },
      },
    }
    const strangerSignup = { ...event(), payload: { ucc: 'UnknownCode', newUserId: 'erin' } }
    for (const body of [orgSignup, strangerSignup])
      expect((await call('POST', '/events', { token, body })).status).toBe(200)
    const reward = (await call('GET', '/new-users/dave/reward', { token })).json
    expect(reward).toMatchObject({
      eligible: true,
      signupAt: '2026-01-02T03:04:05Z',
      referralUcc: 'pNRB1aYqArN',
      campaignId: 'campaign-1',
      reward: { type: 'standard', interval: 'month', intervalCount: 6, percentage: 50 },
    })
    expect((await call('GET', '/new-users/org-7/reward', { token })).json).toMatchObject({ eligible: true })
    expect((await call('GET', '/new-users/erin/reward', { token })).json).toEqual({
      eligible: false,
      reward: null,
      signupId: 'signup_2',
      signupAt: '2026-01-01T00:00:00Z',
      referralUcc: 'UnknownCode',
    })
  })

  it('answers the recorded signup (its id, time and code) for any accepted new-signup, so a lost answer can be resolved', async () => {
    const { accessToken: token } = await login()
    const signup = (newUserId: string, ucc: string, timestamp: string) => ({
      ...event(),
      payload: { ucc, newUserId },
      context: { event: { trigger: 'new-signup', timestamp } },
    })
    await call('POST', '/events', {
      token,
      body: { ...event('invoice-paid'), payload: { ucc: 'pNRB1aYqArN', newUserId: 'frank' } },
    })
    expect((await call('GET', '/new-users/frank/reward', { token })).json).toEqual({ eligible: false, reward: null }) // not a signup
    await call('POST', '/events', { token, body: signup('frank', 'NotAReferrer', '2026-02-01T00:00:00Z') })
    await call('POST', '/events', { token, body: signup('frank', 'pNRB1aYqArN', '2026-02-02T00:00:00Z') }) // a second send: the first signup stands
    await call('POST', '/events', { token, body: signup('grace', 'pNRB1aYqArN', '2026-02-03T00:00:00Z') })
    const frank = (await call('GET', '/new-users/frank/reward', { token })).json
    expect(frank).toEqual({
      eligible: false,
      reward: null,
      signupId: 'signup_2',
      signupAt: '2026-02-01T00:00:00Z',
      referralUcc: 'NotAReferrer',
    })
    const grace = (await call('GET', '/new-users/grace/reward', { token })).json
    expect(grace).toMatchObject({
      eligible: true,
      signupId: 'signup_4',
      signupAt: '2026-02-03T00:00:00Z',
      referralUcc: 'pNRB1aYqArN',
      campaignId: 'campaign-1',
    })
    expect((await call('GET', '/new-users/heidi/reward', { token })).json).toEqual({ eligible: false, reward: null })
  })

  it('answers 413 to bodies over 1 MB without recording them', async () => {
    const { accessToken: token } = await login()
    const huge = event('new-signup', { padding: 'x'.repeat(1024 * 1024) })
    expect(await call('POST', '/events', { token, body: huge, documented: false })).toMatchObject({
      status: 413,
      json: { message: expect.any(String) },
    })
    expect(emulator.events).toHaveLength(0)
  })

  it('records a valid event (payload extras stripped, like Cello) and refuses invalid ones with 400 naming the field', async () => {
    const { accessToken: token } = await login()
    expect(
      (
        await call('POST', '/events', {
          token,
          body: event('invoice-paid', { price: 10, currency: 'EUR', secret: 'x' }),
        })
      ).json,
    ).toEqual({ success: true })
    expect(emulator.events).toHaveLength(1)
    expect(emulator.events[0]!.payload).toEqual({ ucc: 'pNRB1aYqArN', newUserId: 'user-1', price: 10, currency: 'EUR' })
    expect(emulator.events[0]!.receivedAt).toMatch(/Z$/)
    const cases: [unknown, string][] = [
      [{ ...event(), payload: { newUserId: 'u' } }, 'payload.ucc'],
      [event('signed-up'), 'context.event.trigger'],
      [
        { ...event(), context: { event: { trigger: 'new-signup', timestamp: '2022-10-05 14:14:34' } } },
        'context.event.timestamp',
      ],
      [{ ...event(), eventName: 'Other' }, 'eventName'],
      [{ ...event(), payload: { ucc: '', newUserId: 'u' } }, 'payload.ucc'],
      [{ ...event(), context: { ...event().context, newUser: { email: 'not-an-email' } } }, 'context.newUser.email'],
      [
        { ...event(), context: { ...event().context, subscription: { interval: 'fortnightly', seatsUsed: 1.5 } } },
        'context.subscription.interval',
      ],
      [
        { ...event(), context: { ...event().context, subscription: { seatsUsed: 1.5 } } },
        'context.subscription.seatsUsed',
      ],
    ]
    for (const [body, field] of cases) {
      const answer = await call('POST', '/events', { token, body })
      expect(answer.status).toBe(400)
      expect(answer.json!.message).toContain(field)
    }
    expect((await call('POST', '/events', { token, raw: '{"eventName":' })).status).toBe(400)
    expect(emulator.events).toHaveLength(1)
  })

  it('numbers accepted events 1, 2, 3… in order (refused ones take no number) and starts again after reset()', async () => {
    const { accessToken: token } = await login()
    await call('POST', '/events', { token, body: event() })
    expect((await call('POST', '/events', { token, body: event('signed-up') })).status).toBe(400)
    await call('POST', '/events', { token, body: event('invoice-paid') })
    await call('POST', '/events', { token, body: event('invoice-paid') })
    expect(emulator.events.map((e) => [e.sequence, e.context.event.trigger])).toEqual([
      [1, 'new-signup'],
      [2, 'invoice-paid'],
      [3, 'invoice-paid'],
    ])
    emulator.reset()
    const again = await login()
    await call('POST', '/events', { token: again.accessToken, body: event() })
    expect(emulator.events.map((e) => e.sequence)).toEqual([1])
  })

  it('answers 404 to unknown paths and 405 to wrong methods, with { message }', async () => {
    const { accessToken: token } = await login()
    expect(await call('GET', '/nope', { token, documented: false })).toMatchObject({
      status: 404,
      json: { message: expect.any(String) },
    })
    expect(await call('DELETE', '/events', { token, documented: false })).toMatchObject({
      status: 405,
      json: { message: expect.any(String) },
    })
    expect(await call('GET', '/token', { documented: false })).toMatchObject({ status: 405 })
    expect(await call('GET', '/referral-codes/%E0%A4%A', { token, documented: false })).toMatchObject({
      status: 400,
      json: { message: 'Malformed path' },
    })
    // The route is matched before the bearer token, so an unknown path is a 404 even without one.
    expect(await call('GET', '/v3/anything', { documented: false })).toMatchObject({
      status: 404,
      json: { message: 'Not Found' },
    })
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
    await expect(
      fetch(`${emulator.url}/events`, {
        method: 'POST',
        body: JSON.stringify(event()),
        headers: { authorization: `Bearer ${token}` },
      }),
    ).rejects.toThrow()
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/events', status: 'dropped', applied: false })
    expect(emulator.events).toHaveLength(0)
    emulator.injectFault({ kind: 'status', status: 503, times: Infinity })
    emulator.clearFaults()
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).status).toBe(200)
  })

  it('answers 503 and other statuses with their standard reason, and matches faults by RegExp and method', async () => {
    const { accessToken: token } = await login()
    emulator.injectFault({
      kind: 'status',
      status: 503,
      path: /^\/new-users\/[^/]+\/reward$/,
      method: 'get',
      times: Infinity,
    })
    emulator.injectFault({ kind: 'status', status: 500, path: '/events', method: 'POST', message: 'boom' })
    expect(await call('GET', '/new-users/bob/reward', { token, documented: false })).toMatchObject({
      status: 503,
      json: { message: 'Service Unavailable' },
    })
    expect(await call('GET', '/new-users/carol/reward', { token, documented: false })).toMatchObject({ status: 503 })
    expect((await call('GET', '/referral-codes/pNRB1aYqArN', { token })).status).toBe(200)
    expect(await call('POST', '/events', { token, body: event(), documented: false })).toMatchObject({
      status: 500,
      json: { message: 'boom' },
    })
    expect((await call('POST', '/events', { token, body: event() })).status).toBe(200) // times: 1 is used up
    expect(emulator.events).toHaveLength(1)
    expect(emulator.requests.filter((r) => r.status === 503).map((r) => r.path)).toEqual([
      '/new-users/bob/reward',
      '/new-users/carol/reward',
    ])
  })

  it('drops the connection after applying: the event is recorded, the answer is lost', async () => {
    const { accessToken: token } = await login()
    emulator.injectFault({ kind: 'drop', after: 'apply', path: '/events' })
    await expect(postEvent(token, event())).rejects.toThrow()
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/events', status: 'dropped', applied: true })
    expect(emulator.events.map((e) => [e.sequence, e.payload.newUserId])).toEqual([[1, 'user-1']])
    // The sender cannot tell what happened; the reward lookup can.
    expect((await call('GET', '/new-users/user-1/reward', { token })).json).toMatchObject({
      eligible: true,
      signupId: 'signup_1',
    })
    expect((await call('POST', '/events', { token, body: event() })).json).toEqual({ success: true }) // times: 1 is used up
    expect(emulator.events.map((e) => e.sequence)).toEqual([1, 2])
  })

  it('answers a status after applying, with { message } and Retry-After, for `times` requests', async () => {
    const { accessToken: token } = await login()
    emulator.injectFault({ kind: 'status', status: 500, after: 'apply', path: '/events', times: 2 })
    emulator.injectFault({ kind: 'status', status: 503, retryAfter: 3, after: 'apply', path: '/referral-codes' })
    for (let i = 0; i < 2; i++)
      expect(await call('POST', '/events', { token, body: event(), documented: false })).toMatchObject({
        status: 500,
        json: { message: 'Internal Server Error' },
      })
    expect((await call('POST', '/events', { token, body: event() })).status).toBe(200)
    expect(emulator.events.map((e) => e.sequence)).toEqual([1, 2, 3])
    const lookup = await call('GET', '/referral-codes/pNRB1aYqArN', { token, documented: false })
    expect([lookup.status, lookup.headers.get('retry-after')]).toEqual([503, '3'])
    expect(emulator.requests.filter((r) => r.path !== '/token').map((r) => [r.path, r.status, r.applied])).toEqual([
      ['/events', 500, true],
      ['/events', 500, true],
      ['/events', 200, true],
      ['/referral-codes/pNRB1aYqArN', 503, true],
    ])
  })

  it('lets requests the route refuses through an after-apply fault, which waits for one that applies', async () => {
    emulator.injectFault({ kind: 'drop', after: 'apply', path: '/events' })
    expect(await call('POST', '/events', { body: event() })).toMatchObject({
      status: 401,
      json: { message: 'Unauthorized' },
    })
    const { accessToken: token } = await login()
    expect((await call('POST', '/events', { token, body: event('signed-up') })).status).toBe(400)
    await expect(postEvent(token, event())).rejects.toThrow()
    expect(emulator.requests.filter((r) => r.path === '/events').map((r) => [r.status, r.applied])).toEqual([
      [401, false],
      [400, false],
      ['dropped', true],
    ])
    expect(emulator.events).toHaveLength(1)
  })

  it('combines latency with a status fault, both armed from the options', async () => {
    const faulty = await createCelloEmulator({
      faults: [
        { kind: 'latency', ms: 100, path: '/token' },
        { kind: 'status', status: 429, retryAfter: 1, path: '/token' },
      ],
    })
    try {
      const started = performance.now()
      const response = await fetch(`${faulty.url}/token`, {
        method: 'POST',
        body: JSON.stringify({ accessKeyId: faulty.accessKeyId, secretAccessKey: faulty.secretAccessKey }),
      })
      expect(performance.now() - started).toBeGreaterThanOrEqual(90)
      expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([
        429,
        '1',
        { message: 'Too Many Requests' },
      ])
      const next = await fetch(`${faulty.url}/token`, {
        method: 'POST',
        body: JSON.stringify({ accessKeyId: faulty.accessKeyId, secretAccessKey: faulty.secretAccessKey }),
      })
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
      const statuses = await Promise.all(
        Array.from({ length: 200 }, () =>
          fetch(`${faulty.url}/token`, { method: 'POST', body: '{}' }).then((r) => r.status),
        ),
      )
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

describe('stop, start and restart', () => {
  afterEach(() => emulator.start()) // a failed test must not leave the shared emulator down

  /** Opens a TCP connection to the emulator's port: the socket, or the error code when refused. */
  const connectTo = (port: number) =>
    new Promise<{ socket: ReturnType<typeof connect> } | { code: string | undefined }>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => resolve({ socket }))
      socket.once('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code }))
    })

  it('stop() refuses connections; start() listens on the same port with the same events, referrers and tokens', async () => {
    const { url, port } = emulator
    const { accessToken: token } = await login()
    await call('POST', '/events', { token, body: event() })
    emulator.addReferrer({ productUserId: 'zoe', ucc: 'Zoe00000001' })
    await emulator.stop()
    expect(await connectTo(port)).toEqual({ code: 'ECONNREFUSED' })
    await expect(fetch(`${url}/referral-codes/Zoe00000001`)).rejects.toThrow()
    await emulator.start()
    expect([emulator.url, emulator.port]).toEqual([url, port])
    expect((await call('GET', '/referral-codes/Zoe00000001', { token })).json).toMatchObject({
      productUserId: 'zoe',
      valid: true,
    })
    await call('POST', '/events', { token, body: event('invoice-paid') })
    await emulator.restart()
    expect((await call('GET', '/new-users/user-1/reward', { token })).json).toMatchObject({
      eligible: true,
      signupId: 'signup_1',
    })
    expect(emulator.events.map((e) => e.sequence)).toEqual([1, 2])
    expect(emulator.tokenRequests).toHaveLength(1)
  })

  it('stop() closes open connections and cuts requests in flight without applying them', async () => {
    const { accessToken: token } = await login()
    const idle = await connectTo(emulator.port)
    if (!('socket' in idle)) throw new Error(`could not connect: ${idle.code}`)
    const closed = new Promise((resolve) => idle.socket.once('close', resolve))
    emulator.injectFault({ kind: 'latency', ms: 60_000, path: '/events' })
    const inFlight = postEvent(token, event()).then(
      () => 'answered',
      () => 'failed',
    )
    await vi.waitFor(() => expect(emulator.requests.map((r) => r.path)).toContain('/events'))
    await emulator.stop()
    expect(await inFlight).toBe('failed')
    await closed
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/events', status: 'dropped', applied: false })
    expect(emulator.events).toHaveLength(0)
  })

  it('stop() and start() may be repeated; close() is final', async () => {
    const cello = await createCelloEmulator()
    await cello.start() // already running
    await Promise.all([cello.stop(), cello.stop()])
    await cello.start()
    expect((await fetch(`${cello.url}/token`, { method: 'POST', body: '{}' })).status).toBe(400)
    await cello.close()
    await expect(cello.start()).rejects.toThrow(/closed/)
    expect(await connectTo(cello.port)).toEqual({ code: 'ECONNREFUSED' })
  })
})

describe('persistPath', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cello-emulator-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const referrers = [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1' }]

  it('rewrites the file after every change, and the next emulator on the same path starts from it', async () => {
    const persistPath = join(dir, 'state', 'cello.json')
    const stored = () =>
      JSON.parse(readFileSync(persistPath, 'utf8')) as {
        events: { sequence: number }[]
        referrers: { productUserId: string; name?: string }[]
      }
    const first = await createCelloEmulator({ persistPath, referrers })
    try {
      const { accessToken: token } = await login(first)
      await call('POST', '/events', { token, body: event(), on: first })
      expect(stored().events.map((e) => e.sequence)).toEqual([1])
      first.addReferrer({ productUserId: 'zoe', ucc: 'Zoe00000001', name: 'Zoe' })
      expect(stored().referrers).toEqual([{ productUserId: 'zoe', ucc: 'Zoe00000001', name: 'Zoe' }])
      await call('GET', '/referral-codes/active-link/carol', { token, on: first })
      expect((await call('POST', '/referrers/zoe/depersonalize', { token, on: first })).status).toBe(204)
      expect(stored().referrers.map((r) => [r.productUserId, r.name])).toEqual([
        ['zoe', undefined],
        ['carol', undefined],
      ])
      first.injectFault({ kind: 'drop', after: 'apply', path: '/events' })
      await expect(
        fetch(`${first.url}/events`, {
          method: 'POST',
          body: JSON.stringify(event('invoice-paid')),
          headers: { authorization: `Bearer ${token}` },
        }),
      ).rejects.toThrow()
      expect(stored().events.map((e) => e.sequence)).toEqual([1, 2]) // on disk before the answer was lost
      expect(readdirSync(join(dir, 'state'))).toEqual(['cello.json']) // no temporary file left behind
    } finally {
      await first.close()
    }

    const second = await createCelloEmulator({ persistPath, referrers })
    try {
      expect(second.events).toEqual(first.events)
      expect(second.referrers.map((r) => r.productUserId)).toEqual(['alice', 'zoe', 'carol'])
      const { accessToken: token } = await login(second)
      expect((await call('GET', '/new-users/user-1/reward', { token, on: second })).json).toMatchObject({
        eligible: true,
        signupId: 'signup_1',
      })
      await call('POST', '/events', { token, body: event('invoice-paid'), on: second })
      expect(second.events.map((e) => e.sequence)).toEqual([1, 2, 3])
      second.reset()
      expect(stored()).toMatchObject({ events: [], referrers: [] })
    } finally {
      await second.close()
    }
    const third = await createCelloEmulator({ persistPath, referrers })
    expect([third.events, third.referrers]).toEqual([[], referrers])
    await third.close()
  })

  it('keeps the configured referrer when the file holds one with the same id', async () => {
    const persistPath = join(dir, 'cello.json')
    writeFileSync(
      persistPath,
      JSON.stringify({
        version: 1,
        events: [],
        referrers: [
          { productUserId: 'alice', ucc: 'OldCode0001' },
          { productUserId: 'zoe', ucc: 'Zoe00000001' },
        ],
      }),
    )
    const cello = await createCelloEmulator({ persistPath, referrers })
    await cello.close()
    expect(cello.referrers).toEqual([...referrers, { productUserId: 'zoe', ucc: 'Zoe00000001' }])
  })

  it("refuses a file that is not the emulator's state, naming it", async () => {
    const persistPath = join(dir, 'cello.json')
    for (const text of ['{"events":', JSON.stringify({ events: 1, referrers: [] })]) {
      writeFileSync(persistPath, text)
      await expect(createCelloEmulator({ persistPath })).rejects.toThrow(persistPath)
    }
  })
})
