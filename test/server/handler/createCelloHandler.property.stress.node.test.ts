import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, createCelloHandler, type CelloHandler } from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { stressSize } from '../../support/stressSize'

// The BFF handler under random methods, paths, headers and bodies: never a 5xx while Cello is
// healthy, always the JSON error shape, and never a secret, a key or a token in what it answers.
const SECRET = 'fuzz-secret-access-key-0123456789'
const PRODUCT_SECRET = 'fuzz-product-secret-abcdef'
let emulator: CelloEmulator
let handler: CelloHandler
const failures: unknown[] = []
const seen = new Set<number>()

beforeAll(async () => {
  emulator = await createCelloEmulator({
    secretAccessKey: SECRET,
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }],
  })
  const client = createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: SECRET,
  })
  handler = createCelloHandler({
    client,
    widget: { productId: 'moonly', productSecret: PRODUCT_SECRET },
    getUser: (request) =>
      request.headers.get('x-user') === 'bob'
        ? { productUserId: 'user-bob', email: 'bob@example.com', createdAt: new Date() }
        : null,
    onError: (error) => failures.push(error),
  })
})
afterAll(() => emulator.close())

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/)
const headerValue = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim())
const segment = fc.oneof(
  fc.constantFrom(
    'active-link',
    'referral-codes',
    'signups',
    'widget-token',
    'pNRB1aYqArN',
    '..',
    '%2F',
    '%',
    '%E0%A4%A',
    'NOPE',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
)
// Weighted towards well-formed requests so that the runs get past the first checks.
const likely = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 })
const request = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constantFrom('GET', 'POST'), weight: 4 },
    { arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), weight: 1 },
  ),
  path: fc.oneof(
    fc.constantFrom(
      '/api/cello/signups',
      '/api/cello/active-link',
      '/api/cello/widget-token',
      '/api/cello/referral-codes/pNRB1aYqArN',
    ),
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/api/cello/${parts.join('/')}`),
  ),
  contentType: fc.option(
    fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'), headerValue),
  ),
  headers: fc.dictionary(
    fc.oneof(token, fc.constantFrom('content-type', 'origin', 'sec-fetch-site', 'cookie', 'x-user', 'content-length')),
    headerValue,
    { maxKeys: 5 },
  ),
  body: fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 300 }),
    fc.json(),
    fc.constant(JSON.stringify({ ucc: 'pNRB1aYqArN' })),
    fc.constant('{"ucc":'),
  ),
  signedIn: likely,
  sameOrigin: likely,
})

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never
/** A well-formed, signed-in, same-origin GET unless told otherwise. */
const example = (overrides: Partial<FuzzRequest>): [FuzzRequest] => [
  {
    method: 'GET',
    path: '/api/cello/',
    contentType: 'application/json',
    headers: {},
    body: undefined,
    signedIn: true,
    sameOrigin: true,
    ...overrides,
  },
]

describe('the BFF handler under random requests (fast-check)', () => {
  it('never answers 5xx, always JSON errors, never a secret or a token', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, contentType, headers, body, signedIn, sameOrigin }) => {
        const h = new Headers()
        for (const [k, v] of Object.entries(headers)) if (k !== 'content-length') h.set(k, v)
        if (contentType !== null) h.set('content-type', contentType)
        if (signedIn) h.set('x-user', 'bob')
        if (sameOrigin) h.set('origin', 'http://app.test')
        const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD'
        const response = await handler(
          new Request(`http://app.test${path}`, { method, headers: h, body: hasBody ? body : undefined }),
        )
        const text = await response.text()
        seen.add(response.status)
        expect(response.status).toBeLessThan(500)
        expect(response.headers.get('cache-control')).toBe('no-store')
        if (response.status >= 400) {
          const { issues, ...error } = JSON.parse(text).error
          expect(error).toEqual({ code: expect.any(String), message: expect.any(String) })
          if (issues !== undefined)
            expect(issues).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]))
        }
        for (const secret of [SECRET, PRODUCT_SECRET, emulator.accessKeyId]) expect(text).not.toContain(secret)
        expect(text).not.toMatch(/\b(at|rt)_[0-9a-f]{32}\b/)
      }),
      {
        numRuns: stressSize(100, 1000), // 1,000 in npm run test:stress
        // One request per status the coverage check below expects runs first, every time, so that
        // check does not depend on the draw (a random run reaches some statuses only now and then).
        examples: [
          example({ method: 'POST', path: '/api/cello/signups', body: JSON.stringify({ ucc: 'pNRB1aYqArN' }) }), // 202
          example({ path: '/api/cello/active-link' }), // 200
          example({ method: 'POST', path: '/api/cello/signups', body: '{"ucc":' }), // 400
          example({ path: '/api/cello/active-link', signedIn: false }), // 401
          example({ method: 'POST', path: '/api/cello/signups', body: '{}', sameOrigin: false }), // 403
          example({ path: '/api/cello/NOPE' }), // 404
          example({ method: 'DELETE', path: '/api/cello/signups' }), // 405
          example({ method: 'POST', path: '/api/cello/signups', contentType: 'text/plain', body: '{}' }), // 415
        ],
      },
    )
    expect(failures).toEqual([])
    // The runs reached the routes, not only the 404s.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 202, 400, 401, 403, 404, 405, 415]))
  }, 60_000)
})
