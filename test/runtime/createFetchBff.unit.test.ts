import { describe, expect, it } from 'vitest'
import { createFetchBff, isCelloError, type CelloErrorCode } from '../../src'

/** A `fetch` that records what it was asked and answers `status` with `body` (JSON unless a string). */
function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init })
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    return Promise.resolve(new Response(text, { status, headers: { 'content-type': 'application/json' } }))
  }
  return { fetch, calls }
}

const LINK = { activeUcc: 'pNRB1aYqArN', link: 'https://moonly.cello.so/pNRB1aYqArN' }

describe('createFetchBff', () => {
  it('asks each route with JSON headers, the credentials and the signal, and returns the checked body', async () => {
    const signal = new AbortController().signal
    const link = fakeFetch(200, LINK)
    await expect(
      createFetchBff({ baseUrl: '/bff/', fetch: link.fetch, headers: { 'x-csrf': 't' } }).getActiveLink({ signal }),
    ).resolves.toEqual(LINK)
    const [call] = link.calls
    expect(call?.url).toBe('/bff/active-link')
    expect(call?.init).toMatchObject({ credentials: 'same-origin', signal })
    const headers = new Headers(call?.init.headers)
    expect([headers.get('accept'), headers.get('content-type'), headers.get('x-csrf')]).toEqual([
      'application/json',
      null,
      't',
    ])
    expect(call?.init.method ?? 'GET').toBe('GET')

    const code = fakeFetch(200, { code: 'a/b', valid: false })
    await expect(
      createFetchBff({ fetch: code.fetch, credentials: 'include' }).validateReferralCode('a/b'),
    ).resolves.toEqual({ code: 'a/b', valid: false })
    expect(code.calls[0]).toMatchObject({ url: '/api/cello/referral-codes/a%2Fb', init: { credentials: 'include' } })

    const signup = fakeFetch(200, { reported: 'queued' })
    await expect(createFetchBff({ fetch: signup.fetch }).reportSignup({ ucc: null })).resolves.toEqual({
      reported: 'queued',
    })
    expect(signup.calls[0]?.url).toBe('/api/cello/signups')
    expect(signup.calls[0]?.init).toMatchObject({ method: 'POST', body: '{}' })
    expect(new Headers(signup.calls[0]?.init.headers).get('content-type')).toBe('application/json')

    const token = fakeFetch(200, { token: 'jwt' })
    await expect(createFetchBff({ fetch: token.fetch }).getWidgetToken?.()).resolves.toEqual({ token: 'jwt' })
    expect(token.calls[0]?.url).toBe('/api/cello/widget-token')
  })

  it.each<[number, CelloErrorCode]>([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'bad_response'],
    [413, 'bad_request'],
    [415, 'bad_request'],
    [422, 'bad_request'],
    [502, 'upstream'],
    [503, 'upstream'],
  ])('turns a %i into a CelloError with code %s, the status and body as its cause', async (status, code) => {
    const body = { error: { code: 'x', message: 'said the server' } }
    const error: unknown = await createFetchBff({ fetch: fakeFetch(status, body).fetch })
      .getActiveLink()
      .catch((e: unknown) => e)
    expect(isCelloError(error, code)).toBe(true)
    expect(error).toMatchObject({
      message: `said the server\nSee https://github.com/react-cello/react-cello/blob/main/docs/troubleshooting.md#${code}`,
      cause: { status, body },
    })
  })

  // https://github.com/react-cello/react-cello/issues/20
  it("answers a signup's 403 self_referral as { reported: false, reason: 'self_referral' }; other 403s stay errors", async () => {
    const own = fakeFetch(403, { error: { code: 'self_referral', message: 'Your own code.' } })
    await expect(createFetchBff({ fetch: own.fetch }).reportSignup({ ucc: 'MyOwnCode' })).resolves.toEqual({
      reported: false,
      reason: 'self_referral',
    })
    const old = fakeFetch(403, { error: { code: 'not_new_user', message: 'Only a new account.' } })
    await expect(createFetchBff({ fetch: old.fetch }).reportSignup({ ucc: 'pNRB1aYqArN' })).rejects.toMatchObject({
      code: 'forbidden',
    })
    // Only the signup route reads it as an answer.
    await expect(createFetchBff({ fetch: own.fetch }).getActiveLink()).rejects.toMatchObject({ code: 'forbidden' })
    const unknown = fakeFetch(200, { reported: false, reason: 'invalid_code' })
    await expect(createFetchBff({ fetch: unknown.fetch }).reportSignup({ ucc: 'NoSuchCode1' })).resolves.toEqual({
      reported: false,
      reason: 'invalid_code',
    })
  })

  it('names the URL and the status when an error body has no message', async () => {
    const error: unknown = await createFetchBff({ fetch: fakeFetch(500, 'oops').fetch })
      .getActiveLink()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'upstream',
      message: expect.stringMatching(/\/api\/cello\/active-link.*500/),
      cause: { status: 500, body: undefined },
    })
  })

  it('rejects with network when fetch throws, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch')
    const bff = createFetchBff({ fetch: () => Promise.reject(cause) })
    await expect(bff.getActiveLink()).rejects.toMatchObject({ code: 'network', cause })
    await expect(bff.getActiveLink()).rejects.toThrow(/\/api\/cello\/active-link/)
  })

  it.each([
    ['getActiveLink', { activeUcc: '', link: 'x' }],
    ['getActiveLink', { activeUcc: 'a' }],
    ['getActiveLink', 'not json'],
    ['getActiveLink', null],
    ['validateReferralCode', { code: 'a', valid: 'yes' }],
    ['validateReferralCode', { valid: true }],
    ['reportSignup', { reported: 'later' }],
    ['reportSignup', {}],
    ['getWidgetToken', { token: 1 }],
    ['getWidgetToken', { token: '' }],
  ] as const)('rejects an off-contract body from %s (%j) with bad_response', async (method, body) => {
    const bff = createFetchBff({ fetch: fakeFetch(200, body).fetch })
    const call =
      method === 'validateReferralCode'
        ? bff.validateReferralCode('a')
        : method === 'reportSignup'
          ? bff.reportSignup({})
          : bff[method]?.()
    await expect(call).rejects.toMatchObject({ code: 'bad_response', cause: body === 'not json' ? undefined : body })
  })
})
