import { decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  captureReferral,
  CelloValidationError,
  chargebeeCustomerMetadata,
  readReferral,
  signWidgetToken,
  stripeCustomerMetadata,
} from '../src/server'

describe('stripeCustomerMetadata / chargebeeCustomerMetadata', () => {
  it('maps the referral to the keys Cello reads', () => {
    expect(stripeCustomerMetadata({ ucc: 'pNRB1aYqArN', newUserId: 'user-1', organizationId: 'org-9' })).toEqual({
      cello_ucc: 'pNRB1aYqArN',
      new_user_id: 'user-1',
      new_user_organization_id: 'org-9',
    })
    expect(chargebeeCustomerMetadata({ ucc: 'pNRB1aYqArN', newUserId: 'user-1' })).toEqual({
      cello_ucc: 'pNRB1aYqArN',
      new_user_id: 'user-1',
    })
  })

  it('leaves out blank and missing values, which Stripe rejects', () => {
    expect(stripeCustomerMetadata({ ucc: null, newUserId: 'user-1', organizationId: '  ' })).toEqual({
      new_user_id: 'user-1',
    })
    expect(stripeCustomerMetadata({ ucc: '', newUserId: 'user-1' })).not.toHaveProperty('cello_ucc')
  })

  // Issue 20: stripeCustomerMetadata passed any code on to Stripe.
  it('refuses what attachReferralToStripeCustomer refuses, with the same error type and code', () => {
    const issues = (call: () => unknown) => {
      let error: unknown
      try {
        call()
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CelloValidationError)
      expect((error as CelloValidationError).code).toBe('validation_failed')
      return (error as CelloValidationError).issues.map((i) => i.path)
    }
    for (const helper of [stripeCustomerMetadata, chargebeeCustomerMetadata]) {
      expect(issues(() => helper({ ucc: 'not a code', newUserId: 'user-1' }))).toEqual(['ucc'])
      expect(issues(() => helper({ ucc: 'abc;def', newUserId: 'user-1' }))).toEqual(['ucc'])
      expect(issues(() => helper({ ucc: ' pNRB1aYqArN', newUserId: 'user-1' }))).toEqual(['ucc'])
      expect(issues(() => helper({ ucc: 'x'.repeat(256), newUserId: 'user-1' }))).toEqual(['ucc'])
      expect(issues(() => helper({ ucc: 'pNRB1aYqArN', newUserId: '' }))).toEqual(['newUserId'])
      expect(issues(() => helper({ ucc: 'pNRB1aYqArN', newUserId: 'user\n1', organizationId: 'org\u0000' }))).toEqual([
        'newUserId',
        'organizationId',
      ])
      expect(issues(() => helper({ ucc: 42 as unknown as string, newUserId: 'user-1' }))).toEqual(['ucc'])
    }
    expect(() => stripeCustomerMetadata({ ucc: '<script>', newUserId: 'user-1' })).toThrow(
      /stripeCustomerMetadata.*ucc/,
    )
  })
})

describe('signWidgetToken', () => {
  it('signs an HS512 JWT with productId, productUserId and iat, verifiable with the product secret', async () => {
    const token = await signWidgetToken({
      productId: 'moonly',
      productSecret: 'product-secret-123',
      productUserId: 'user-1',
      issuedAt: new Date('2026-01-02T03:04:05Z'),
    })
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS512', typ: 'JWT' })
    const { payload } = await jwtVerify(token, new TextEncoder().encode('product-secret-123'), {
      algorithms: ['HS512'],
      currentDate: new Date('2026-01-02T03:04:06Z'),
    })
    expect(payload).toEqual({
      productId: 'moonly',
      productUserId: 'user-1',
      iat: Date.parse('2026-01-02T03:04:05Z') / 1000,
    })
  })

  it('refuses a missing user id and never echoes the secret', async () => {
    const error = await signWidgetToken({
      productId: 'moonly',
      productSecret: 'product-secret-123',
      productUserId: '',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CelloValidationError)
    expect((error as CelloValidationError).issues.map((i) => i.path)).toEqual(['productUserId'])
    expect(String((error as Error).message)).not.toContain('product-secret-123')
  })
})

describe('captureReferral / readReferral', () => {
  it('captures ?ucc and the referrer name from a Fetch request and sets a 3-month server cookie', () => {
    const captured = captureReferral(
      new Request('https://app.example.com/?ucc=pNRB1aYqArN&celloN=QWxpY2U%3D&productId=moonly'),
    )
    expect(captured.referral).toEqual({ ucc: 'pNRB1aYqArN', referrerName: 'Alice', productId: 'moonly' })
    expect(captured.source).toBe('url')
    expect(captured.setCookie).toBe('cello-referral=pNRB1aYqArN; Max-Age=7776000; Path=/; SameSite=Lax; Secure')
  })

  // Issue 20: productId from the URL kept CR/LF and `;`.
  it('drops a product id that is not one, from the URL and from a forged cello-referrer cookie', () => {
    for (const productId of ['moon\r\nSet-Cookie: a=b', 'moon;ly', 'x'.repeat(256)]) {
      const query = new URLSearchParams({ ucc: 'pNRB1aYqArN', productId })
      const captured = captureReferral(new Request(`https://app.example.com/?${query}`))
      expect(captured.referral).toEqual({ ucc: 'pNRB1aYqArN', referrerName: null, productId: null })
      expect(captured.setCookies).toEqual([captured.setCookie]) // no cello-referrer for a dropped id
      const forged = encodeURIComponent(new URLSearchParams({ u: 'pNRB1aYqArN', p: productId }).toString())
      expect(readReferral(`cello-referral=pNRB1aYqArN; cello-referrer=${forged}`)).toEqual({
        ucc: 'pNRB1aYqArN',
        referrerName: null,
        productId: null,
      })
    }
    const kept = captureReferral(new Request('https://app.example.com/?ucc=pNRB1aYqArN&productId=www.ordio.com'))
    expect(kept.referral?.productId).toBe('www.ordio.com')
  })

  it('works with a node IncomingMessage shape, a cookie domain, and an http URL (no Secure)', () => {
    const captured = captureReferral(
      { url: '/landing?ucc=abc_123', headers: { host: 'localhost' } },
      { domain: '.example.com' },
    )
    expect(captured.setCookie).toBe(
      'cello-referral=abc_123; Max-Age=7776000; Path=/; SameSite=Lax; Domain=.example.com',
    )
  })

  it('falls back to the cookie when the URL has no code, and sets nothing', () => {
    const request = new Request('https://app.example.com/signup', {
      headers: { cookie: 'a=1; cello-referral=pNRB1aYqArN' },
    })
    expect(captureReferral(request)).toEqual({
      referral: { ucc: 'pNRB1aYqArN', referrerName: null, productId: null },
      source: 'cookie',
      setCookie: null,
      setCookies: [],
    })
  })

  it('ignores an invalid code in the URL (no cookie written) and an invalid cookie', () => {
    const request = new Request('https://app.example.com/?ucc=%3Cscript%3E', {
      headers: { cookie: 'cello-referral=bad%20code' },
    })
    expect(captureReferral(request)).toEqual({ referral: null, source: null, setCookie: null, setCookies: [] })
  })

  it('readReferral takes a request, a node request or a Cookie header', () => {
    expect(readReferral('cello-referral=pNRB1aYqArN')?.ucc).toBe('pNRB1aYqArN')
    expect(readReferral({ headers: { cookie: 'cello-referral=pNRB1aYqArN' } })?.ucc).toBe('pNRB1aYqArN')
    expect(readReferral(new Request('http://x/', { headers: { cookie: 'other=1' } }))).toBeNull()
    expect(readReferral(undefined)).toBeNull()
  })
})
