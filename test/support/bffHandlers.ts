import { delay, http, HttpResponse } from 'msw'
import type { BffAnswer, BffProblem, BffRoute, HandlerErrorCode, SignupRequest } from '../../src/shared/bffContract'
import { signTestWidgetToken } from './signTestWidgetToken'

/** What the fake BFF knows: who is signed in, their links, and what it was asked. */
export interface FakeBffState {
  /** The signed-in user's id, or null (signed out → 401). */
  user: string | null
  /** Links per user id; a user without one gets a generated link. */
  links: Record<string, string>
  /** Codes the fake Cello knows as valid. */
  validCodes: string[]
  /** Answer 502 to active-link requests. */
  failActiveLink: boolean
  /** Delay of every answer, ms (Infinity: never answer). */
  latencyMs: number
  /** Every request the fake BFF answered: `METHOD path`. */
  requests: string[]
  /** Bodies of POST /signups. */
  signups: unknown[]
  /** Product id and secret of GET /widget-token (signed as createCelloHandler's `widget` signs); absent → 404. */
  widget?: { productId: string; productSecret: string }
  /** The clock GET /widget-token signs `iat` with (the fake cello.js's, when a test controls time). */
  now?: () => number
  /** The answer of the development-only GET /debug/trace; absent → 404, as when the server does not enable it. */
  trace?: unknown
}

/** The product the browser tests' and stories' widget tokens are signed for (a test secret). */
export const TEST_WIDGET = { productId: 'moonly-test', productSecret: 'test-product-secret-not-real' }

export function createFakeBffState(overrides: Partial<FakeBffState> = {}): FakeBffState {
  return {
    user: 'user-1',
    links: { 'user-1': 'https://moonly.cello.so/pNRB1aYqArN' },
    validCodes: ['pNRB1aYqArN'],
    failActiveLink: false,
    latencyMs: 0,
    requests: [],
    signups: [],
    ...overrides,
  }
}

// Answers are typed by the BFF contract (src/shared/bffContract.ts), the one `createCelloHandler`
// and `createFetchBff` are held to, so the fake cannot drift from the real handler's shapes.
const error = (status: number, code: HandlerErrorCode, message: string) =>
  HttpResponse.json<BffProblem>({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } })
/** A 2xx answer of `route`, typed by the contract. */
const answer = <R extends BffRoute>(_route: R, body: BffAnswer<R>, init?: ResponseInit) => HttpResponse.json(body, init)

/**
 * MSW 2 handlers that answer like `createCelloHandler` (the routes under `basePath`), from `state`.
 * Stories and browser tests use them so nothing reaches the network.
 */
export function createBffHandlers(state: FakeBffState, basePath = '/api/cello') {
  const wait = () => (state.latencyMs === Infinity ? delay('infinite') : delay(state.latencyMs))
  return [
    http.get(`${basePath}/active-link`, async ({ request }) => {
      state.requests.push(`GET ${new URL(request.url).pathname}`)
      await wait()
      if (!state.user) return error(401, 'unauthorized', 'Sign in first.')
      if (state.failActiveLink) return error(502, 'upstream', 'Cello is not available right now.')
      const link = state.links[state.user] ?? `https://moonly.cello.so/${state.user.replace(/\W/g, '')}`
      return answer('GET /active-link', { activeUcc: link.split('/').pop() ?? '', link })
    }),
    http.get(`${basePath}/referral-codes/:code`, async ({ request, params }) => {
      state.requests.push(`GET ${new URL(request.url).pathname}`)
      await wait()
      const code = String(params.code)
      return answer('GET /referral-codes/:code', { code, valid: state.validCodes.includes(code) })
    }),
    http.get(`${basePath}/widget-token`, async ({ request }) => {
      state.requests.push(`GET ${new URL(request.url).pathname}`)
      await wait()
      if (!state.widget) return error(404, 'not_found', 'The referral component is not configured on this server.')
      if (!state.user) return error(401, 'unauthorized', 'Sign in first.')
      const issuedAt = new Date(state.now?.() ?? window.__celloReferralFake?.now() ?? Date.now())
      return answer('GET /widget-token', {
        token: await signTestWidgetToken({ ...state.widget, productUserId: state.user, issuedAt }),
      })
    }),
    http.post(`${basePath}/signups`, async ({ request }) => {
      state.requests.push(`POST ${new URL(request.url).pathname}`)
      await wait()
      if (!state.user) return error(401, 'unauthorized', 'Sign in first.')
      const body = (await request.json()) as SignupRequest
      state.signups.push(body)
      return body.ucc
        ? answer('POST /signups', { reported: true }, { status: 202 })
        : answer('POST /signups', { reported: false, reason: 'no_referral' })
    }),
    http.get(`${basePath}/signups`, () =>
      HttpResponse.json(
        { error: { code: 'method_not_allowed', message: 'Use POST.' } },
        { status: 405, headers: { allow: 'POST' } },
      ),
    ),
    http.get(`${basePath}/debug/trace`, () =>
      state.trace === undefined
        ? error(404, 'not_found', 'No such route.')
        : HttpResponse.json(state.trace, { headers: { 'cache-control': 'no-store' } }),
    ),
  ]
}
