import { describe, expect, it } from 'vitest'
import { captureReferral, captureReferralForNext, readReferral, referralProxy, REFERRER_COOKIE } from '../../src/edge'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url')
const landing = (query: string, cookie?: string) =>
  new Request(`https://app.example.com/?${query}`, { headers: { accept: 'text/html', ...(cookie && { cookie }) } })

/** The name=value pairs of `Set-Cookie` values, as the browser would send them back. */
const sentBack = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ')

describe('captureReferralForNext', () => {
  it('puts the captured cookies in the request headers, beside the other cookies and headers', () => {
    const { referral, source, requestHeaders } = captureReferralForNext(
      landing(`ucc=pNRB1aYqArN&celloN=${b64('Alice')}&productId=moonly`, 'theme=dark; cello-referral=oldCode'),
    )
    expect(source).toBe('url')
    expect(referral).toEqual({ ucc: 'pNRB1aYqArN', referrerName: 'Alice', productId: 'moonly' })
    expect(requestHeaders.get('accept')).toBe('text/html')
    const cookie = requestHeaders.get('cookie')!
    expect(cookie).toMatch(/^theme=dark; cello-referral=pNRB1aYqArN; cello-referrer=/)
    expect(cookie).not.toContain('oldCode')
    // What a layout's cookies() would read in the same request:
    expect(readReferral(cookie)).toEqual({ ucc: 'pNRB1aYqArN', referrerName: 'Alice', productId: 'moonly' })
  })

  it('returns the Set-Cookie values of cello-referral and cello-referrer, same attributes', () => {
    const { setCookies } = captureReferralForNext(landing(`ucc=pNRB1aYqArN&celloN=${b64('Alice')}&productId=moonly`))
    expect(setCookies).toEqual([
      'cello-referral=pNRB1aYqArN; Max-Age=7776000; Path=/; SameSite=Lax; Secure',
      `${REFERRER_COOKIE}=u%3DpNRB1aYqArN%26n%3DAlice%26p%3Dmoonly; Max-Age=7776000; Path=/; SameSite=Lax; Secure`,
    ])
  })

  it('sets no cookie without consent, but the request still carries the referral', () => {
    for (const consent of ['pending', 'denied'] as const) {
      const { referral, setCookies, requestHeaders } = captureReferralForNext(
        landing(`ucc=pNRB1aYqArN&celloN=${b64('Alice')}`),
        { consent },
      )
      expect(setCookies).toEqual([])
      expect(referral?.referrerName).toBe('Alice')
      expect(readReferral(requestHeaders.get('cookie'))?.referrerName).toBe('Alice')
    }
  })

  it('leaves the headers alone when the URL has no code', () => {
    const request = landing('page=2', 'cello-referral=pNRB1aYqArN')
    const { source, setCookies, requestHeaders } = captureReferralForNext(request)
    expect(source).toBe('cookie')
    expect(setCookies).toEqual([])
    expect(requestHeaders.get('cookie')).toBe('cello-referral=pNRB1aYqArN')
  })
})

describe('the referrer cookie', () => {
  it('carries the name and product id to a later request through readReferral', () => {
    const name = 'Zoë O’Brien-Łukasz'
    const { setCookies } = captureReferral(
      landing(`ucc=abc_123&celloN=${b64(name)}&productId=${encodeURIComponent('www.ordio.com')}`),
    )
    expect(readReferral(sentBack(setCookies))).toEqual({
      ucc: 'abc_123',
      referrerName: name,
      productId: 'www.ordio.com',
    })
  })

  it('keeps a malicious name out: cleaned on capture, and again when read from a forged cookie', () => {
    const { referral, setCookies } = captureReferral(
      landing(`ucc=abc_123&celloN=${b64('Al\u202Eice<script>')}&productId=p1`),
    )
    expect(referral?.referrerName).toBeNull()
    expect(readReferral(sentBack(setCookies))).toEqual({ ucc: 'abc_123', referrerName: null, productId: 'p1' })
    expect(sentBack(setCookies)).not.toContain('script')
    const forged = `cello-referral=abc_123; ${REFERRER_COOKIE}=${encodeURIComponent('u=abc_123&n=<img src=x onerror=alert(1)>&p=p1')}`
    expect(readReferral(forged)).toEqual({ ucc: 'abc_123', referrerName: null, productId: 'p1' })
  })

  it('is ignored when it belongs to another code (Cello’s script wrote a newer one)', () => {
    const cookie = `cello-referral=newCode; ${REFERRER_COOKIE}=${encodeURIComponent('u=oldCode&n=Alice')}`
    expect(readReferral(cookie)).toEqual({ ucc: 'newCode', referrerName: null, productId: null })
  })

  it('is not written when the link carries neither a name nor a product id', () => {
    expect(captureReferral(landing('ucc=abc_123')).setCookies).toEqual([
      'cello-referral=abc_123; Max-Age=7776000; Path=/; SameSite=Lax; Secure',
    ])
  })
})

describe('referralProxy', () => {
  /** NextResponse.next as Next implements it: the overridden request headers travel in x-middleware-* headers. */
  const NextResponse = {
    next(init?: { request?: { headers?: Headers } }) {
      const headers = new Headers({ 'x-middleware-next': '1' })
      if (init?.request?.headers) {
        headers.set('x-middleware-override-headers', [...init.request.headers.keys()].join(','))
        for (const [key, value] of init.request.headers) headers.set(`x-middleware-request-${key}`, value)
      }
      return new Response(null, { headers })
    },
  }

  it('passes the referral to this request and sets the cookies on the response', () => {
    const response = referralProxy(landing(`ucc=pNRB1aYqArN&celloN=${b64('Alice')}`), NextResponse)
    expect(readReferral(response.headers.get('x-middleware-request-cookie'))?.referrerName).toBe('Alice')
    expect(response.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['cello-referral', 'cello-referrer'])
  })

  it('changes nothing for a request without a code in the URL', () => {
    const response = referralProxy(landing('', 'cello-referral=pNRB1aYqArN'), NextResponse)
    expect(response.headers.get('x-middleware-override-headers')).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([])
  })
})
