import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeReferralScriptHandler, fakeReferralScriptUrl } from '../../../src/testing'
import { celloReferralScriptUrl } from '../../../src/runtime/referral/loadCelloReferral'

const PRODUCT = { productId: 'moonly-test', productSecret: 'test-secret-not-real' }
let server: Server
let base: string

beforeAll(async () => {
  server = createServer(fakeReferralScriptHandler(PRODUCT))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cello.js`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('fakeReferralScriptHandler', () => {
  it('serves the fake cello.js, uncached, with the product it verifies tokens for', async () => {
    const response = await fetch(base)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const source = await response.text()
    expect(source).toContain('window.cello')
    expect(source).toContain('"productId":"moonly-test"')
  })

  it('answers the status it is asked for, without a script', async () => {
    const response = await fetch(`${base}?status=404`)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('window.cello')
  })

  it('answers 400 naming the parameter for a malformed status or delay, and keeps serving', async () => {
    for (const query of ['status=99', 'status=abc', 'status=', 'delayMs=-5', 'delayMs=soon', 'delayMs=60001']) {
      const response = await fetch(`${base}?${query}`)
      expect({ query, code: response.status }).toEqual({ query, code: 400 })
      expect(await response.text()).toContain(query.split('=')[0])
    }
    expect((await fetch(base)).status).toBe(200)
  })
})

describe('fakeReferralScriptUrl and celloReferralScriptUrl', () => {
  it('gives a new data: URL per call, and a failing one with fail', () => {
    const a = fakeReferralScriptUrl(PRODUCT)
    expect(a).toMatch(/^data:text\/javascript;base64,/)
    expect(fakeReferralScriptUrl(PRODUCT)).not.toBe(a)
    expect(fakeReferralScriptUrl({ ...PRODUCT, fail: true })).toMatch(/^data:text\/plain,/)
  })

  it("points at Cello's CDNs, or at scriptSrc", () => {
    expect(celloReferralScriptUrl()).toBe('https://assets.cello.so/app/latest/cello.js')
    expect(celloReferralScriptUrl({ environment: 'sandbox' })).toBe(
      'https://assets.sandbox.cello.so/app/latest/cello.js',
    )
    expect(celloReferralScriptUrl({ environment: 'sandbox', scriptSrc: '/cello.js' })).toBe('/cello.js')
  })
})
