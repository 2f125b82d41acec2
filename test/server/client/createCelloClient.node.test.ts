import { createServer } from 'node:http'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  CelloApiError,
  CelloValidationError,
  createCelloClient,
  signWidgetToken,
  type CelloClientOptions,
  type CelloLogEvent,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { contractFetch } from '../../support/contractFetch'

let emulator: CelloEmulator
let clock = Date.parse('2026-06-01T00:00:00Z')
const now = () => clock

beforeAll(async () => {
  emulator = await createCelloEmulator({
    now,
    tokenTtlSeconds: 3600,
    refreshTtlSeconds: 86400,
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' }],
  })
})
afterEach(() => emulator.reset())
afterAll(() => emulator.close())

const fast = { baseDelayMs: 5, maxDelayMs: 50, maxElapsedMs: 2000 }

// Timeouts without racing the clock: a held request gets no answer at all until the client's own
// timeout aborts it, so the test does not depend on how fast this machine is. TIMEOUT_MS only has
// to be longer than an ordinary exchange with the local emulator, with room for a loaded machine.
const TIMEOUT_MS = 500

/** A fetch that holds the next `hold(n)` requests to `path` unanswered until the client aborts them. */
function holding(path: string) {
  let holds = 0
  const state = {
    timedOut: 0,
    hold: (n: number) => {
      holds += n
    },
    fetch: ((input, init) => {
      if (holds === 0 || !new URL(String(input)).pathname.startsWith(path)) return fetch(input, init)
      holds -= 1
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal
        if (!signal) return reject(new Error('holding(): the client sent no abort signal, so it has no timeout'))
        signal.addEventListener(
          'abort',
          () => {
            state.timedOut += 1
            reject(signal.reason)
          },
          { once: true },
        )
      })
    }) as typeof fetch,
  }
  return state
}

function setup(options: Partial<CelloClientOptions> = {}) {
  const contract = contractFetch()
  const logs: CelloLogEvent[] = []
  const client = createCelloClient({
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    baseUrl: emulator.url,
    fetch: contract.fetch,
    now,
    log: (event) => logs.push(event),
    ...options,
    retry: { ...fast, ...options.retry },
  })
  return { client, contract, logs }
}

const signup = { ucc: 'pNRB1aYqArN', newUser: { id: 'user-1', email: 'bob@example.com', name: 'Bob' } }

describe('tokens', () => {
  it('makes one /token call for 100 concurrent calls at a cold start, then reuses the token', async () => {
    const { client, contract } = setup()
    await Promise.all(Array.from({ length: 100 }, () => client.getActiveLink('alice')))
    await client.validateReferralCode('pNRB1aYqArN')
    expect(contract.to('/token')).toHaveLength(1)
    expect(emulator.tokenRequests).toHaveLength(1)
    expect(contract.to('/referral-codes/active-link/alice')).toHaveLength(100)
    contract.expectConforming()
  })

  it('refreshes with the refresh token shortly before the access token expires', async () => {
    const { client, contract } = setup()
    await client.getActiveLink('alice')
    clock += 3600_000 - 30_000 // inside the refresh margin, still valid at Cello
    await client.getActiveLink('alice')
    expect(contract.to('/token').map((e) => Object.keys(e.body as object))).toEqual([
      ['accessKeyId', 'secretAccessKey'],
      ['refreshToken'],
    ])
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'refresh'])
    contract.expectConforming()
  })

  it('authenticates with the keys again once the refresh token has expired', async () => {
    const { client, contract } = setup()
    await client.getActiveLink('alice')
    clock += 86400_000 + 1000
    await client.getActiveLink('alice')
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'keys'])
    expect(contract.exchanges.every((e) => e.status !== 401)).toBe(true)
    contract.expectConforming()
  })

  it('drops the access token on a 401 and retries the call once with a new one', async () => {
    const { client, contract, logs } = setup()
    await client.getActiveLink('alice')
    emulator.expireTokens()
    await expect(client.getActiveLink('alice')).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(contract.exchanges.map((e) => `${e.path} ${e.status}`)).toEqual([
      '/token 201',
      '/referral-codes/active-link/alice 200',
      '/referral-codes/active-link/alice 401',
      '/token 201',
      '/referral-codes/active-link/alice 200',
    ])
    expect(logs).toContainEqual({ type: 'token', action: 'invalidated' })
    contract.expectConforming()
  })

  it('gives up after one retry when Cello keeps answering 401', async () => {
    const { client } = setup()
    emulator.injectFault({ kind: 'status', status: 401, path: '/referral-codes', times: Infinity })
    const error = await client.getActiveLink('alice').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CelloApiError)
    expect(error).toMatchObject({ code: 'api_error', status: 401 })
    expect(emulator.requests.filter((r) => r.path.startsWith('/referral-codes'))).toHaveLength(2)
  })

  it('reports refused keys as a 400 CelloApiError without the keys in it', async () => {
    const { client } = setup({ secretAccessKey: 'wrong-secret-value-42' })
    const error = (await client.getActiveLink('alice').catch((e: unknown) => e)) as CelloApiError
    expect(error).toBeInstanceOf(CelloApiError)
    expect(error.status).toBe(400)
    expect(error.operation).toBe('POST /token')
    expect(error.requestId).toMatch(/.+/)
    expect(
      JSON.stringify({ message: error.message, cause: error.cause, celloMessage: error.celloMessage }),
    ).not.toContain('wrong-secret-value-42')
  })
})

describe('calls', () => {
  it('answers each documented endpoint with a typed, contract-valid result', async () => {
    const { client, contract } = setup()
    await expect(client.getActiveLink('alice')).resolves.toEqual({
      activeUcc: 'pNRB1aYqArN',
      link: expect.stringContaining('pNRB1aYqArN'),
    })
    await expect(client.validateReferralCode('pNRB1aYqArN')).resolves.toMatchObject({
      code: 'pNRB1aYqArN',
      valid: true,
      campaignId: 'campaign-1',
    })
    await expect(client.validateReferralCode('NOPE')).resolves.toMatchObject({ code: 'NOPE', valid: false })
    await expect(client.getNewUserReward('user-1')).resolves.toMatchObject({ eligible: false })
    await client.trackSignup(signup)
    await expect(client.getNewUserReward('user-1')).resolves.toMatchObject({
      eligible: true,
      referralUcc: 'pNRB1aYqArN',
    })
    await expect(client.depersonalizeReferrer('alice')).resolves.toBeUndefined()
    const missing = await client.depersonalizeReferrer('nobody').catch((e: unknown) => e)
    expect(missing).toMatchObject({ code: 'api_error', status: 404 })
    contract.expectConforming()
  })

  it('encodes path parameters', async () => {
    const { client, contract } = setup()
    await client.getActiveLink('user/with space')
    expect(contract.exchanges.at(-1)!.path).toBe('/referral-codes/active-link/user%2Fwith%20space')
  })

  it('turns an unexpected 2xx body into a bad_response CelloApiError, never undefined', async () => {
    const { client } = setup({
      fetch: async (input, init) => {
        const url = String(input)
        if (url.endsWith('/token')) return fetch(input, init)
        return new Response(JSON.stringify({ link: 42 }), {
          status: 200,
          headers: { 'content-type': 'application/json', 'apigw-requestid': 'req-1' },
        })
      },
    })
    const error = (await client.getActiveLink('alice').catch((e: unknown) => e)) as CelloApiError
    expect(error).toMatchObject({ code: 'api_bad_response', requestId: 'req-1' })
    expect(error.message).toContain('activeUcc')
  })
})

describe('events', () => {
  it('trackSignup sends new-signup with an ISO-8601 UTC timestamp, valid per the contract', async () => {
    const { client, contract } = setup()
    const envelope = await client.trackSignup({ ...signup, timestamp: new Date('2026-03-04T05:06:07+02:00') })
    expect(envelope).toEqual({
      eventName: 'ReferralUpdated',
      payload: { ucc: 'pNRB1aYqArN', newUserId: 'user-1' },
      context: { newUser: signup.newUser, event: { trigger: 'new-signup', timestamp: '2026-03-04T03:06:07.000Z' } },
    })
    expect(emulator.events).toHaveLength(1)
    expect(emulator.events[0]).toMatchObject(envelope)
    contract.expectConforming()
  })

  it('supports organization-level attribution: payload.newUserId is the organization, newUser.id the person', async () => {
    const { client } = setup()
    await client.trackSignup({ ...signup, newUserId: 'org-7', newUser: { ...signup.newUser, organizationId: 'org-7' } })
    expect(emulator.events[0]!.payload.newUserId).toBe('org-7')
    expect(emulator.events[0]!.context.newUser).toMatchObject({ id: 'user-1', organizationId: 'org-7' })
    const wrong = await client.trackSignup({ ...signup, newUserId: 'org-7' }).catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(CelloValidationError)
    expect((wrong as CelloValidationError).issues[0]!.path).toBe('newUserId')
  })

  it('builds demo-call-attended, invoice-paid and charge-refunded with their documented fields', async () => {
    const { client, contract } = setup()
    await client.trackDemoCallAttended({ ucc: 'pNRB1aYqArN', newUser: { id: 'user-1' } })
    await client.trackInvoicePaid({
      ...signup,
      price: 49.5,
      currency: 'eur',
      subscription: { id: 'sub-1', invoiceId: 'inv-1', interval: 'monthly', seatsUsed: 3, productKey: 'Pro' },
    })
    await client.trackChargeRefunded({ ...signup, price: 49.5, currency: 'EUR', subscription: { invoiceId: 'inv-1' } })
    expect(
      emulator.events.map((e) => [
        e.context.event.trigger,
        e.payload.price,
        e.payload.currency,
        e.context.subscription?.invoiceId,
      ]),
    ).toEqual([
      ['demo-call-attended', undefined, undefined, undefined],
      ['invoice-paid', 49.5, 'EUR', 'inv-1'],
      ['charge-refunded', 49.5, 'EUR', 'inv-1'],
    ])
    expect(emulator.events[1]!.context.subscription).toEqual({
      id: 'sub-1',
      invoiceId: 'inv-1',
      interval: 'monthly',
      seatsUsed: 3,
      productKey: 'Pro',
    })
    contract.expectConforming()
  })

  it('refuses bad input before sending anything, naming every bad field', async () => {
    const { client, contract } = setup()
    const error = (await client
      .trackInvoicePaid({
        ucc: 'has space',
        newUser: { id: '', email: 'not-an-email' },
        price: -1,
        currency: 'euro',
        subscription: { invoiceId: '', interval: 'daily' as 'monthly', productKey: 'Pro' },
      })
      .catch((e: unknown) => e)) as CelloValidationError
    expect(error).toBeInstanceOf(CelloValidationError)
    expect(error.code).toBe('validation_failed')
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'currency',
      'newUser.email',
      'newUser.id',
      'price',
      'subscription.interval',
      'subscription.invoiceId',
      'ucc',
    ])
    for (const path of ['ucc', 'newUser.email', 'price', 'subscription.interval']) expect(error.message).toContain(path)
    await expect(
      client.sendEvent({
        eventName: 'ReferralUpdated',
        payload: { ucc: '', newUserId: 'u' },
        context: { event: { trigger: 'new-signup', timestamp: 'yesterday' } },
      }),
    ).rejects.toBeInstanceOf(CelloValidationError)
    await expect(client.getActiveLink('')).rejects.toBeInstanceOf(CelloValidationError)
    expect(contract.exchanges).toHaveLength(0)
  })
})

describe('ids with surrounding whitespace', () => {
  it('refuses them with a CelloValidationError naming the field, instead of sending the id trimmed', async () => {
    const { client, contract } = setup()
    const refused = async (call: Promise<unknown>) => {
      const error = await call.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CelloValidationError)
      return (error as CelloValidationError).issues.map((i) => `${i.path}: ${i.message}`)
    }
    expect(await refused(client.getActiveLink(' alice'))).toEqual([
      expect.stringMatching(/^productUserId: .*whitespace/),
    ])
    expect(await refused(client.getNewUserReward('user-1\n'))).toEqual([
      expect.stringMatching(/^productUserId: .*whitespace/),
    ])
    expect(
      await refused(
        client.trackSignup({ ...signup, newUser: { ...signup.newUser, id: 'user-1 ', organizationId: '\torg-7' } }),
      ),
    ).toEqual([
      expect.stringMatching(/^newUser\.id: .*whitespace/),
      expect.stringMatching(/^newUser\.organizationId: .*whitespace/),
    ])
    expect(await refused(client.trackSignup({ ...signup, newUserId: '   ' }))).toEqual([
      expect.stringMatching(/^newUserId: /),
    ])
    expect(
      await refused(
        signWidgetToken({ productId: 'moonly', productSecret: 'product-secret', productUserId: 'user-1 ' }),
      ),
    ).toEqual([expect.stringMatching(/^productUserId: .*whitespace/)])
    expect(contract.exchanges).toHaveLength(0)
    expect(emulator.events).toHaveLength(0)
    // whitespace inside an id is the id
    await client.getActiveLink('user with space')
    expect(contract.exchanges.at(-1)!.path).toBe('/referral-codes/active-link/user%20with%20space')
  })
})

describe('money', () => {
  // Issue 20: price accepted 1e308 and 5e-324, currency XXX, and had no bound.
  const paid = {
    ...signup,
    price: 49.99,
    currency: 'EUR',
    subscription: { invoiceId: 'inv-1', interval: 'monthly' as const, productKey: 'Pro' },
  }
  const issues = async (call: Promise<unknown>) => {
    const error = await call.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CelloValidationError)
    expect((error as CelloValidationError).code).toBe('validation_failed')
    return (error as CelloValidationError).issues.map((i) => `${i.path}: ${i.message}`)
  }
  const envelope = (trigger: 'new-signup' | 'invoice-paid' | 'charge-refunded', payload: object) => ({
    eventName: 'ReferralUpdated' as const,
    payload: { ucc: 'pNRB1aYqArN', newUserId: 'user-1', ...payload },
    context: { event: { trigger, timestamp: '2026-06-01T00:00:00Z' } },
  })

  it('the builders refuse 1e308, 5e-324, XXX and extra decimals, and send nothing', async () => {
    const { client, contract } = setup()
    expect(await issues(client.trackInvoicePaid({ ...paid, price: 1e308 }))).toEqual([
      expect.stringMatching(/^price: must be at most/),
    ])
    expect(await issues(client.trackInvoicePaid({ ...paid, price: 5e-324 }))).toEqual([
      expect.stringMatching(/^price: must have at most 2 decimals/),
    ])
    expect(await issues(client.trackInvoicePaid({ ...paid, currency: 'XXX' }))).toEqual([
      expect.stringMatching(/^currency: must be an active ISO 4217/),
    ])
    expect(await issues(client.trackChargeRefunded({ ...paid, price: 10.5, currency: 'JPY' }))).toEqual([
      expect.stringMatching(/^price: must be a whole number of JPY/),
    ])
    expect(contract.exchanges).toHaveLength(0)
  })

  it('sendEvent holds a hand-built envelope to the same rules, and takes Cello\'s own price 0 with currency ""', async () => {
    const { client, contract } = setup()
    expect(await issues(client.sendEvent(envelope('invoice-paid', { price: 1e308, currency: 'EUR' })))).toEqual([
      expect.stringMatching(/^payload\.price: must be at most/),
    ])
    expect(await issues(client.sendEvent(envelope('invoice-paid', { price: 5e-324, currency: 'EUR' })))).toEqual([
      expect.stringMatching(/^payload\.price: must have at most 2 decimals/),
    ])
    expect(await issues(client.sendEvent(envelope('invoice-paid', { price: 10, currency: 'XXX' })))).toEqual([
      expect.stringMatching(/^payload\.currency: must be an active ISO 4217/),
    ])
    expect(await issues(client.sendEvent(envelope('invoice-paid', { price: 10 })))).toEqual([
      'payload.currency: is required with a price',
    ])
    expect(await issues(client.sendEvent(envelope('invoice-paid', { price: -5, currency: 'EUR' })))).toEqual([
      'payload.price: must not be negative',
    ])
    expect(await issues(client.sendEvent(envelope('charge-refunded', { price: 0, currency: 'EUR' })))).toEqual([
      'payload.price: must be the refunded amount, greater than 0',
    ])
    expect(contract.exchanges).toHaveLength(0)
    // Cello's answer: its status, and the request id to quote to its support (the outbox's trace keeps it).
    expect(await client.sendEvent(envelope('new-signup', { price: 0, currency: '' }))).toEqual({
      status: expect.any(Number),
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    expect(emulator.events).toHaveLength(1)
  })

  it('maxPrice: one bound for every currency, or one per currency (a currency not listed is refused)', async () => {
    const bounded = setup({ maxPrice: 1000 }).client
    expect(bounded.maxPrice).toBe(1000)
    expect(await issues(bounded.trackInvoicePaid({ ...paid, price: 1000.01 }))).toEqual([
      "price: must be at most 1000 EUR (createCelloClient's maxPrice)",
    ])
    expect(await issues(bounded.sendEvent(envelope('invoice-paid', { price: 4900, currency: 'EUR' })))).toEqual([
      "payload.price: must be at most 1000 EUR (createCelloClient's maxPrice)",
    ])
    await bounded.trackInvoicePaid({ ...paid, price: 1000 })

    const perCurrency = setup({ maxPrice: { EUR: 500, JPY: 80000 } }).client
    expect(await issues(perCurrency.trackChargeRefunded({ ...paid, price: 90000, currency: 'JPY' }))).toEqual([
      "price: must be at most 80000 JPY (createCelloClient's maxPrice)",
    ])
    expect(await issues(perCurrency.trackInvoicePaid({ ...paid, currency: 'USD' }))).toEqual([
      expect.stringMatching(/^currency: is not one of the currencies createCelloClient's maxPrice lists \(EUR, JPY\)/),
    ])
    await perCurrency.trackInvoicePaid({ ...paid, price: 500 })
    expect(emulator.events.map((e) => e.payload.price)).toEqual([1000, 500])
  })

  it('refuses a maxPrice that is not a positive number or a map of currency codes to one', () => {
    for (const maxPrice of [0, -1, Infinity, NaN, '100', { EUR: 0 }, { XXX: 100 }, { eur: 100 }]) {
      expect(() => setup({ maxPrice: maxPrice as number })).toThrow(CelloValidationError)
    }
  })
})

describe('ids with control characters', () => {
  // Issue 20: ids accepted NUL, CR, LF and the other \p{Cc} characters.
  it('refuses NUL, CR, LF, DEL and C1 in every id field, naming the field, and sends nothing', async () => {
    const { client, contract } = setup()
    const paths = async (call: Promise<unknown>) => {
      const error = await call.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CelloValidationError)
      expect((error as CelloValidationError).code).toBe('validation_failed')
      return (error as CelloValidationError).issues.map((i) => `${i.path}: ${i.message}`)
    }
    const control = /: must not contain control characters/
    for (const bad of ['user\u0000', 'us\rer', 'us\ner', 'a\u007fb', 'a\u0085b', 'a\u001bb']) {
      expect(await paths(client.getActiveLink(bad))).toEqual([
        expect.stringMatching(/^productUserId: must not contain/),
      ])
      expect(await paths(client.getNewUserReward(bad))).toEqual([expect.stringMatching(control)])
      expect(await paths(client.depersonalizeReferrer(bad))).toEqual([expect.stringMatching(control)])
      expect(
        await paths(
          client.trackSignup({
            ...signup,
            newUserId: bad,
            newUser: { ...signup.newUser, id: bad, organizationId: bad },
          }),
        ),
      ).toEqual([
        expect.stringMatching(/^newUserId: must not contain control/),
        expect.stringMatching(/^newUser\.id: must not contain control/),
        expect.stringMatching(/^newUser\.organizationId: must not contain control/),
      ])
      const paid = {
        ...signup,
        price: 10,
        currency: 'EUR',
        subscription: { id: bad, invoiceId: bad, interval: 'monthly' as const, productKey: bad },
      }
      expect(await paths(client.trackInvoicePaid(paid))).toEqual([
        expect.stringMatching(/^subscription\.id: must not contain control/),
        expect.stringMatching(/^subscription\.invoiceId: must not contain control/),
        expect.stringMatching(/^subscription\.productKey: must not contain control/),
      ])
      expect(
        await paths(signWidgetToken({ productId: 'moonly', productSecret: 'product-secret', productUserId: bad })),
      ).toEqual([expect.stringMatching(/^productUserId: must not contain control/)])
    }
    expect(contract.exchanges).toHaveLength(0)
    expect(emulator.events).toHaveLength(0)
    // Other characters are the id's own: a space inside, accents, emoji.
    await client.trackSignup({ ...signup, newUser: { ...signup.newUser, id: 'Zoë 🚀 user' } })
    expect(emulator.events.at(-1)!.context.newUser?.id).toBe('Zoë 🚀 user')
  })
})

describe('retries', () => {
  it('backs off and retries a read on 429 with Retry-After and on 503', async () => {
    const { client, logs } = setup()
    await client.getActiveLink('alice') // warm the token
    emulator.injectFault({ kind: 'status', status: 429, retryAfter: 0, path: '/referral-codes' })
    emulator.injectFault({ kind: 'status', status: 503, path: '/referral-codes' })
    await expect(client.getActiveLink('alice')).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(logs.filter((l) => l.type === 'retry').map((l) => (l as { reason: string }).reason)).toEqual([
      'status 429',
      'status 503',
    ])
  })

  it('honours Retry-After: waits at least that long, and gives up when it exceeds the budget', async () => {
    const { client, logs } = setup({ retry: { maxDelayMs: 5000 } })
    await client.getActiveLink('alice')
    emulator.injectFault({ kind: 'status', status: 429, retryAfter: 1, path: '/referral-codes' })
    await client.getActiveLink('alice')
    expect(logs.find((l) => l.type === 'retry')).toMatchObject({ delayMs: expect.any(Number) })
    expect((logs.find((l) => l.type === 'retry') as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(1000)

    const impatient = setup({ retry: { maxElapsedMs: 500 } })
    await impatient.client.getActiveLink('alice')
    emulator.injectFault({ kind: 'status', status: 429, retryAfter: 30, path: '/referral-codes' })
    await expect(impatient.client.getActiveLink('alice')).rejects.toMatchObject({ status: 429, attempts: 1 })
  })

  it('does not retry a 400', async () => {
    const { client } = setup()
    await client.getActiveLink('alice')
    emulator.injectFault({
      kind: 'status',
      status: 400,
      message: 'Malformed',
      path: '/referral-codes',
      times: Infinity,
    })
    await expect(client.getActiveLink('alice')).rejects.toMatchObject({
      status: 400,
      attempts: 1,
      celloMessage: 'Malformed',
    })
    expect(emulator.requests.filter((r) => r.path.startsWith('/referral-codes'))).toHaveLength(2)
  })

  it('stops after the configured number of retries', async () => {
    const { client } = setup({ retry: { retries: 3 } })
    await client.getActiveLink('alice')
    emulator.injectFault({ kind: 'status', status: 500, path: '/referral-codes', times: Infinity })
    await expect(client.getActiveLink('alice')).rejects.toMatchObject({ status: 500, attempts: 4 })
  })

  it('times out a slow call, retries it, and reports timeout when every attempt is slow', async () => {
    const held = holding('/referral-codes')
    const { client } = setup({ fetch: held.fetch, timeoutMs: TIMEOUT_MS, retry: { retries: 1 } })
    await client.getActiveLink('alice')
    held.hold(1) // the first attempt never answers in time, the retry does
    await expect(client.getActiveLink('alice')).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    held.hold(2)
    await expect(client.getActiveLink('alice')).rejects.toMatchObject({ code: 'timeout', attempts: 2 })
    expect(held.timedOut).toBe(3)
  })

  it('by default retries an event on 503 but not on a timeout or a 500, which may have reached Cello', async () => {
    const held = holding('/events')
    const { client } = setup({ fetch: held.fetch, timeoutMs: TIMEOUT_MS })
    await client.getActiveLink('alice')
    emulator.injectFault({ kind: 'status', status: 503, path: '/events' })
    await client.trackSignup(signup)
    expect(emulator.events).toHaveLength(1)

    emulator.injectFault({ kind: 'status', status: 500, path: '/events' })
    await expect(client.trackSignup(signup)).rejects.toMatchObject({ status: 500, attempts: 1 })
    held.hold(1)
    await expect(client.trackSignup(signup)).rejects.toMatchObject({ code: 'timeout', attempts: 1 })
    expect(held.timedOut).toBe(1)
    emulator.injectFault({ kind: 'drop', path: '/events' })
    await expect(client.trackSignup(signup)).rejects.toMatchObject({ code: 'api_unreachable', attempts: 1 })
  })

  it('retries an event that provably never left (connection refused) and honours events: "never" and "always"', async () => {
    let refused = 1
    const refusing: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/events') && refused-- > 0)
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
      return fetch(input, init)
    }
    await setup({ fetch: refusing }).client.trackSignup(signup)
    expect(emulator.events).toHaveLength(1)

    refused = 1
    await expect(
      setup({ fetch: refusing, retry: { events: 'never' } }).client.trackSignup(signup),
    ).rejects.toMatchObject({ code: 'api_unreachable', attempts: 1 })

    const always = setup({ retry: { events: 'always' } })
    await always.client.getActiveLink('alice')
    emulator.injectFault({ kind: 'status', status: 500, path: '/events' })
    await always.client.trackSignup(signup)
    expect(emulator.events).toHaveLength(2)
  })

  it('stops retrying when the caller aborts', async () => {
    const { client } = setup({ timeoutMs: 5000 })
    await client.getActiveLink('alice')
    emulator.injectFault({ kind: 'latency', ms: 2000, path: '/referral-codes' })
    const controller = new AbortController()
    const pending = client.getActiveLink('alice', { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toMatchObject({ code: 'api_unreachable', attempts: 1 })
  })
})

describe('secrets', () => {
  it('never shows keys or tokens in JSON.stringify, util.inspect, errors or logs', async () => {
    const secret = 'super-secret-access-key-value'
    const { client, logs } = setup({ secretAccessKey: secret })
    expect(JSON.stringify(client)).toBe(JSON.stringify({ environment: 'production', baseUrl: emulator.url }))
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(secret)
    const error = await client.getActiveLink('alice').catch((e: unknown) => e)
    const seen = [
      JSON.stringify(client),
      inspect(client, { depth: 10 }),
      inspect(error, { depth: 10 }),
      JSON.stringify(logs),
      String(error),
    ]
    for (const text of seen) expect(text).not.toContain(secret)
    expect(seen.join('\n')).not.toContain(
      emulator.accessKeyId === 'emulator-access-key-id' ? '\u0000' : emulator.accessKeyId,
    )
  })

  it('redacts a token even when Cello echoes it in an error message', async () => {
    const { client, contract } = setup()
    await client.getActiveLink('alice')
    const token = (contract.to('/token')[0]!.responseBody as { accessToken: string }).accessToken
    emulator.injectFault({ kind: 'status', status: 400, message: `bad token ${token}`, path: '/referral-codes' })
    const error = (await client.getActiveLink('alice').catch((e: unknown) => e)) as CelloApiError
    expect(error.message).not.toContain(token)
    expect(error.celloMessage).toBe('bad token [redacted]')
  })

  it('refuses to be created in a browser-like environment unless explicitly allowed', () => {
    const g = globalThis as { window?: unknown; document?: unknown }
    g.window = {}
    g.document = {}
    try {
      expect(() => createCelloClient({ accessKeyId: 'a', secretAccessKey: 'b' })).toThrow(/server only/)
      expect(() =>
        createCelloClient({ accessKeyId: 'a', secretAccessKey: 'b', dangerouslyAllowBrowser: true }),
      ).not.toThrow()
    } finally {
      delete g.window
      delete g.document
    }
  })

  it('names bad options without echoing values', () => {
    let error: CelloValidationError | undefined
    try {
      createCelloClient({ accessKeyId: 'id', secretAccessKey: 'shh-very-secret', baseUrl: 'not a url' })
    } catch (e) {
      error = e as CelloValidationError
    }
    expect(error?.issues.map((i) => i.path)).toEqual(['baseUrl'])
    expect(error?.message).not.toContain('shh-very-secret')
  })

  it('can be created without keys (a build has none); the first call names the missing variables and sends nothing', async () => {
    const env: Record<string, string | undefined> = {}
    const requests: string[] = []
    const client = createCelloClient({
      accessKeyId: env.CELLO_ACCESS_KEY_ID!,
      secretAccessKey: env.CELLO_SECRET_ACCESS_KEY!,
      fetch: async (input) => {
        requests.push(String(input))
        return new Response('{}')
      },
    })
    const error = await client.getActiveLink('user-1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CelloValidationError)
    expect((error as CelloValidationError).issues.map((i) => i.path)).toEqual(['accessKeyId', 'secretAccessKey'])
    expect((error as Error).message).toMatch(/CELLO_ACCESS_KEY_ID/)
    expect((error as Error).message).toMatch(/CELLO_SECRET_ACCESS_KEY/)
    expect(requests).toEqual([])
    await expect(
      client.sendEvent({
        eventName: 'ReferralUpdated',
        payload: { ucc: 'pNRB1aYqArN', newUserId: 'u' },
        context: { event: { trigger: 'new-signup', timestamp: new Date().toISOString() } },
      }),
    ).rejects.toThrow(/CELLO_ACCESS_KEY_ID/)
  })
})

describe('caller signal while waiting for a token', () => {
  it('answers an aborted call at once while the shared token exchange goes on for the other callers', async () => {
    // The /token answer is held until the test releases it.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let tokenAsked!: () => void
    const asked = new Promise<void>((resolve) => (tokenAsked = resolve))
    const holding: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/token')) {
        tokenAsked()
        await released
      }
      return fetch(input, init)
    }
    const { client } = setup({ fetch: holding })
    const order: string[] = []
    const controller = new AbortController()
    const aborted = client.getActiveLink('alice', { signal: controller.signal }).then(
      () => order.push('aborted call resolved'),
      (error: unknown) => {
        order.push('aborted call rejected')
        return error
      },
    )
    const patient = client.getActiveLink('alice').then((link) => order.push(`patient call got ${link.activeUcc}`))
    await asked
    controller.abort()
    const error = await aborted
    order.push('token released')
    release()
    await patient
    expect(order).toEqual(['aborted call rejected', 'token released', 'patient call got pNRB1aYqArN'])
    expect(error).toBeInstanceOf(CelloApiError)
    expect(error).toMatchObject({
      code: 'api_unreachable',
      operation: 'GET /referral-codes/active-link/{productUserId}',
      attempts: 0,
    })
    expect(emulator.tokenRequests).toHaveLength(1)
    expect(emulator.requests.filter((r) => r.path.startsWith('/referral-codes'))).toHaveLength(1)
    // an already aborted signal never waits either
    await expect(client.getActiveLink('alice', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'api_unreachable',
    })
  })
})

describe('response size', () => {
  it('stops reading a response over 1 MB with bad_response instead of buffering it', async () => {
    // A valid 50 MB answer to GET /referral-codes/…, written as fast as the client reads it.
    const total = 50 * 1024 * 1024
    let sent = 0
    const huge = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"link":"https://x.test","activeUcc":"')
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const pump = () => {
        while (!res.destroyed && sent < total) {
          sent += chunk.length
          if (!res.write(chunk)) return
        }
        if (!res.destroyed) res.end('"}')
      }
      res.on('drain', pump)
      pump()
    })
    await new Promise<void>((resolve) => huge.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(huge.address() as { port: number }).port}`
    try {
      const { client } = setup({
        timeoutMs: 60_000,
        fetch: async (input, init) =>
          String(input).endsWith('/token')
            ? fetch(input, init)
            : fetch(`${url}${new URL(String(input)).pathname}`, init),
      })
      const error = (await client.getActiveLink('alice').catch((e: unknown) => e)) as CelloApiError
      expect(error).toBeInstanceOf(CelloApiError)
      expect(error).toMatchObject({ code: 'api_bad_response', status: 200, attempts: 1 })
      expect(error.message).toContain('1048576 bytes')
      expect(sent).toBeLessThan(total) // it stopped reading long before the end
    } finally {
      huge.closeAllConnections()
      await new Promise((resolve) => huge.close(resolve))
    }
  })

  it('refuses a declared Content-Length over 1 MB without reading the body', async () => {
    let pulled = 0
    const { client } = setup({
      fetch: async (input, init) => {
        if (String(input).endsWith('/token')) return fetch(input, init)
        const body = new ReadableStream<Uint8Array>({
          pull(stream) {
            pulled++
            stream.enqueue(new TextEncoder().encode('{"activeUcc":"pNRB1aYqArN","link":"https://x.test"}'))
            stream.close()
          },
        })
        return new Response(body, {
          status: 200,
          headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) },
        })
      },
    })
    await expect(client.getActiveLink('alice')).rejects.toMatchObject({ code: 'api_bad_response', status: 200 })
    expect(pulled).toBeLessThanOrEqual(1) // a stream may pull once on its own; the client read nothing
  })
})

describe('retry options', () => {
  it('uses the defaults for retry fields given as undefined', async () => {
    // setup() spreads these over its fast settings, so undefined replaces them
    const { client } = setup({ retry: { retries: undefined, maxElapsedMs: undefined } })
    await client.getActiveLink('alice')
    emulator.injectFault({ kind: 'status', status: 500, path: '/referral-codes', times: Infinity })
    // the default is 2 retries within 10 s: 3 attempts (not endless retries, nor none)
    await expect(client.getActiveLink('alice')).rejects.toMatchObject({ status: 500, attempts: 3 })
  })

  it('refuses retry numbers that are negative, fractional or not finite, naming each', () => {
    let error: unknown
    try {
      createCelloClient({
        accessKeyId: 'a',
        secretAccessKey: 'b',
        retry: {
          retries: -1,
          maxElapsedMs: Number.POSITIVE_INFINITY,
          baseDelayMs: Number.NaN,
          maxDelayMs: -5,
          events: 'sometimes' as 'safe',
        },
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CelloValidationError)
    expect((error as CelloValidationError).issues.map((i) => i.path)).toEqual([
      'retry.retries',
      'retry.maxElapsedMs',
      'retry.baseDelayMs',
      'retry.maxDelayMs',
      'retry.events',
    ])
    expect(() => createCelloClient({ accessKeyId: 'a', secretAccessKey: 'b', retry: { retries: 1.5 } })).toThrow(
      CelloValidationError,
    )
    expect(() =>
      createCelloClient({
        accessKeyId: 'a',
        secretAccessKey: 'b',
        retry: { retries: 0, maxElapsedMs: 0, baseDelayMs: 0, maxDelayMs: 0 },
      }),
    ).not.toThrow()
  })
})
