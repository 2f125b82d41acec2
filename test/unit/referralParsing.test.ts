import { describe, expect, it } from 'vitest'
import { celloAttributionScriptUrl, isValidUcc } from '../../src'
import { parseCampaignConfig } from '../../src/parseCampaignConfig'
import { parseReferralParams } from '../../src/parseReferralParams'
import { cleanReferrerName, decodeReferrerName, readCookie } from '../../src/referralCode'
import { serializeReferralCookie } from '../../src/referralCookie'

describe('isValidUcc', () => {
  it.each(['pNRB1aYqArN', 'a', 'cello-ucc', 'ucc_7f3d9a', 'x'.repeat(255)])('accepts %s', (code) => {
    expect(isValidUcc(code)).toBe(true)
  })
  it.each(['', 'x'.repeat(256), 'a b', 'cödé', '<script>', 'a;b', 'a=b', 'a%20b', null, 42, undefined])(
    'refuses %s',
    (code) => expect(isValidUcc(code)).toBe(false),
  )
})

describe('parseReferralParams', () => {
  it('reads ucc, productId and the base64 referrer name', () => {
    expect(parseReferralParams('?ucc=hmuxRycYDRX&productId=www.ordio.com&celloN=THVrYXM')).toEqual({
      referral: { ucc: 'hmuxRycYDRX', productId: 'www.ordio.com', referrerName: 'Lukas' },
    })
  })
  it('uses the configured parameter names', () => {
    const parsed = parseReferralParams('?ref=abc&n=QWxpY2U', { ucc: 'ref', referrerName: 'n' })
    expect(parsed.referral).toMatchObject({ ucc: 'abc', referrerName: 'Alice' })
  })
  it('ignores an invalid code and says why, without echoing it', () => {
    const parsed = parseReferralParams(new URLSearchParams({ ucc: '<img src=x onerror=alert(1)>' }))
    expect(parsed.referral).toBeNull()
    expect(parsed.ignored).toMatch(/invalid referral code/)
    expect(parsed.ignored).not.toContain('<img')
  })
  it('returns no referral when there is no code', () => {
    expect(parseReferralParams('?celloN=QWxpY2U')).toEqual({ referral: null })
  })
})

describe('referrer names', () => {
  it('decodes standard and URL-safe base64 of UTF-8', () => {
    expect(decodeReferrerName(btoa(String.fromCharCode(...new TextEncoder().encode('Zoë'))))).toBe('Zoë')
    expect(decodeReferrerName('QWxpY2U')).toBe('Alice')
  })
  it('returns null for what is not base64 UTF-8', () => {
    expect(decodeReferrerName('%%%')).toBeNull()
    expect(decodeReferrerName(btoa('\xff\xfe'))).toBeNull()
  })
  it('keeps names as text, trimmed, without control characters, at most 100 characters', () => {
    expect(cleanReferrerName('  <b>Bob</b>\u0000 ')).toBe('<b>Bob</b>')
    expect(cleanReferrerName('x'.repeat(500))).toHaveLength(100)
    expect(cleanReferrerName('   ')).toBeNull()
    expect(cleanReferrerName(7)).toBeNull()
  })
})

describe('cookies', () => {
  it('serializes cello-referral for 3 months on path / with SameSite=Lax', () => {
    expect(serializeReferralCookie('abc')).toBe('cello-referral=abc; Max-Age=7776000; Path=/; SameSite=Lax')
    expect(serializeReferralCookie('abc', { domain: '.example.com', secure: true })).toBe(
      'cello-referral=abc; Max-Age=7776000; Path=/; SameSite=Lax; Domain=.example.com; Secure',
    )
  })
  it('refuses a cookie domain that could inject attributes', () => {
    expect(() => serializeReferralCookie('abc', { domain: 'example.com; Secure=0' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    )
  })
  it('reads one cookie from a header and survives malformed encodings', () => {
    expect(readCookie('a=1; cello-referral=abc%2D1; b=2', 'cello-referral')).toBe('abc-1')
    expect(readCookie('cello-referral=%E0%A4%A', 'cello-referral')).toBeNull()
    expect(readCookie('', 'cello-referral')).toBeNull()
  })
})

describe('parseCampaignConfig', () => {
  it('reads a discount fraction and months under plausible names, keeping the raw answer', () => {
    const raw = { newUserDiscountPercentage: 0.5, newUserDiscountMonths: 6, label: 'x' }
    expect(parseCampaignConfig(raw)).toEqual({ discountPercentage: 0.5, discountMonths: 6, raw })
  })
  it('takes a number above 1 as a percentage', () => {
    expect(parseCampaignConfig({ discountPercent: 20, durationMonths: 3 })).toMatchObject({
      discountPercentage: 0.2,
      discountMonths: 3,
    })
  })
  it('accepts unknown shapes loosely and refuses non-objects', () => {
    expect(parseCampaignConfig({ something: 'else' })).toEqual({ raw: { something: 'else' } })
    expect(parseCampaignConfig({ discount: -1 })).toEqual({ raw: { discount: -1 } })
    expect(parseCampaignConfig(null)).toBeNull()
    expect(parseCampaignConfig([0.5])).toBeNull()
    expect(parseCampaignConfig('50%')).toBeNull()
  })
})

describe('celloAttributionScriptUrl', () => {
  it("points at Cello's CDN for each environment, or at scriptSrc", () => {
    expect(celloAttributionScriptUrl()).toBe('https://assets.cello.so/attribution/latest/cello-attribution.js')
    expect(celloAttributionScriptUrl({ environment: 'sandbox' })).toBe(
      'https://assets.sandbox.cello.so/attribution/latest/cello-attribution.js',
    )
    expect(celloAttributionScriptUrl({ environment: 'sandbox', scriptSrc: '/cello.js' })).toBe('/cello.js')
  })
})
