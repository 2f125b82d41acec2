import { describe, expect, it } from 'vitest'
import { celloAttributionScriptUrl, isValidUcc } from '../../src'
import { parseCampaignConfig } from '../../src/runtime/parseCampaignConfig'
import { parseReferralParams } from '../../src/shared/parseReferralParams'
import { cleanReferrerName, decodeReferrerName, isValidProductId, readCookie } from '../../src/shared/referralCode'
import { referralFromCookies, serializeReferralCookie } from '../../src/shared/referralCookie'

describe('isValidUcc', () => {
  it.each(['pNRB1aYqArN', 'a', 'cello-ucc', 'ucc_7f3d9a', 'x'.repeat(255)])('accepts %s', (code) => {
    expect(isValidUcc(code)).toBe(true)
  })
  it.each(['', 'x'.repeat(256), 'a b', 'cödé', '<script>', 'a;b', 'a=b', 'a%20b', null, 42, undefined])(
    'refuses %s',
    (code) => expect(isValidUcc(code)).toBe(false),
  )
})

// Issue 20: productId from the URL kept CR/LF and `;`.
describe('isValidProductId', () => {
  it.each(['moonly', 'www.ordio.com', 'moonly-test', 'p_1', 'x'.repeat(255)])('accepts %s', (id) => {
    expect(isValidProductId(id)).toBe(true)
  })
  it.each([
    '',
    'x'.repeat(256),
    'a\r\nSet-Cookie: x=y',
    'a\nb',
    'a\u0000',
    'a;b',
    'a=b',
    'a b',
    'a%0D',
    'cödé',
    '<script>',
    null,
    42,
  ])('refuses %j', (id) => expect(isValidProductId(id)).toBe(false))
})

describe('parseReferralParams', () => {
  it('reads ucc, productId and the base64 referrer name', () => {
    expect(parseReferralParams('?ucc=hmuxRycYDRX&productId=www.ordio.com&celloN=THVrYXM')).toEqual({
      ucc: 'hmuxRycYDRX',
      productId: 'www.ordio.com',
      referrerName: 'Lukas',
    })
  })
  it('uses the configured parameter names', () => {
    const parsed = parseReferralParams('?ref=abc&n=QWxpY2U', { ucc: 'ref', referrerName: 'n' })
    expect(parsed).toMatchObject({ ucc: 'abc', referrerName: 'Alice' })
  })
  it('ignores an invalid code and says why, without echoing it', () => {
    const ignored: string[] = []
    const parsed = parseReferralParams(new URLSearchParams({ ucc: '<img src=x onerror=alert(1)>' }), {}, (reason) =>
      ignored.push(reason),
    )
    expect(parsed).toBeNull()
    expect(ignored).toEqual([expect.stringMatching(/invalid referral code/)])
    expect(ignored[0]).not.toContain('<img')
  })
  it('drops a product id that is not one (CR, LF, `;`, too long) and keeps the code', () => {
    for (const productId of ['moon\r\nly', 'moon;ly', 'a=b', 'x'.repeat(256), '']) {
      expect(parseReferralParams(new URLSearchParams({ ucc: 'abc', productId }))).toEqual({
        ucc: 'abc',
        referrerName: null,
        productId: null,
      })
    }
  })
  it('returns no referral when there is no code', () => {
    expect(parseReferralParams('?celloN=QWxpY2U')).toBeNull()
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
  it('keeps names trimmed, without control characters, at most 80 characters cut after a whole word', () => {
    expect(cleanReferrerName('  Bob\u0000 ')).toBe('Bob')
    expect(cleanReferrerName('Anne\n\t Marie')).toBe('Anne Marie')
    expect(cleanReferrerName('Anne \u0001 \u200b Marie')).toBe('Anne Marie') // one space where invisible characters sat
    expect(cleanReferrerName('x'.repeat(500))).toBe('x'.repeat(80))
    expect(cleanReferrerName(`${'李'.repeat(79)}\u{20BB7}\u{20BB7}`)).toBe(`${'李'.repeat(79)}\u{20BB7}`) // code points, never half a pair
    expect(cleanReferrerName('Maximiliane-Konstanze Wolkenstein-Trostburg von Hohenberg')).toBe(
      'Maximiliane-Konstanze Wolkenstein-Trostburg von Hohenberg',
    )
    expect(cleanReferrerName('Bartholomew '.repeat(8))).toBe('Bartholomew '.repeat(6).trim()) // 71 characters, not a word cut in half
    expect(cleanReferrerName('   ')).toBeNull()
    expect(cleanReferrerName(7)).toBeNull()
  })

  it('keeps letters of any script, spaces, hyphens, apostrophes and dots', () => {
    for (const name of [
      'Zoë',
      "Anne-Marie O'Neil Jr.",
      'D’Arcy',
      'José María',
      '李小龙',
      'अनुज',
      'Ğül',
      'Ōtani',
      'Мария',
      'محمد',
    ]) {
      expect(cleanReferrerName(name)).toBe(name)
    }
  })

  it.each([
    ['U+202E right-to-left override', '\u202E'],
    ['U+202A left-to-right embedding', '\u202A'],
    ['U+2066 left-to-right isolate', '\u2066'],
    ['U+2069 pop directional isolate', '\u2069'],
    ['U+200B zero-width space', '\u200B'],
    ['U+200D zero-width joiner', '\u200D'],
    ['U+200F right-to-left mark', '\u200F'],
    ['U+FEFF byte order mark', '\uFEFF'],
    ['U+0007 bell', '\u0007'],
    ['U+009B control sequence introducer', '\u009B'],
  ])('strips %s', (_, character) => {
    expect(cleanReferrerName(`${character}Ali${character}ce${character}`)).toBe('Alice')
    expect(decodeReferrerName(btoa(String.fromCharCode(...new TextEncoder().encode(`Ali${character}ce`))))).toBe(
      'Alice',
    )
  })

  it('refuses a name with any other character (markup, digits, symbols), rather than showing part of it', () => {
    for (const name of [
      '<b>Bob</b>',
      '<img src=x onerror=alert(1)>',
      'Alice: 100% off',
      'Bob 🎉',
      'R2D2',
      'https://evil.example',
      '...',
      "-'",
    ]) {
      expect([name, cleanReferrerName(name)]).toEqual([name, null])
    }
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
  it('reads one cookie from a header, as written (a valid code needs no decoding)', () => {
    expect(readCookie('a=1; cello-referral=abc-1; b=2', 'cello-referral')).toBe('abc-1')
    expect(readCookie('cello-referral=abc%2D1', 'cello-referral')).toBe('abc%2D1')
    expect(readCookie('xcello-referral=abc', 'cello-referral')).toBeNull()
    expect(readCookie('', 'cello-referral')).toBeNull()
  })
  it('decodes the cello-referrer cookie where it is read, and survives a malformed encoding', () => {
    const referrer = encodeURIComponent(new URLSearchParams({ u: 'abc', n: 'Anna' }).toString())
    expect(referralFromCookies(`cello-referral=abc; cello-referrer=${referrer}`)).toEqual({
      ucc: 'abc',
      referrerName: 'Anna',
      productId: null,
    })
    expect(referralFromCookies('cello-referral=abc; cello-referrer=%E0%A4%A')).toEqual({
      ucc: 'abc',
      referrerName: null,
      productId: null,
    })
  })
})

describe('parseCampaignConfig', () => {
  it('reads a discount fraction and months under plausible names, keeping the raw answer', () => {
    const raw = { newUserDiscountPercentage: 0.5, newUserDiscountMonths: 6, label: 'x' }
    expect(parseCampaignConfig(raw)).toEqual({ discountPercentage: 0.5, discountMonths: 6, raw })
  })
  it('treats a discount outside (0, 1] or months outside 1..120 (or fractional) as absent', () => {
    const raw = { newUserDiscountPercentage: 1e308, newUserDiscountMonths: 1000000000 }
    expect(parseCampaignConfig(raw)).toEqual({ raw })
    for (const discount of [0, -0.5, 1.01, 20, 100, Number.NaN]) {
      expect(parseCampaignConfig({ discount })).not.toHaveProperty('discountPercentage')
    }
    for (const months of [0, -1, 121, 6.5, 1e9]) {
      expect(parseCampaignConfig({ discount: 0.5, months })).toEqual({
        discountPercentage: 0.5,
        raw: { discount: 0.5, months },
      })
    }
    expect(parseCampaignConfig({ discountPercent: 1, durationMonths: 1 })).toMatchObject({
      discountPercentage: 1,
      discountMonths: 1,
    })
    expect(parseCampaignConfig({ discount: 0.01, months: 120 })).toMatchObject({
      discountPercentage: 0.01,
      discountMonths: 120,
    })
  })
  it('skips an out-of-range number for a later valid one', () => {
    expect(
      parseCampaignConfig({ discountType: 2, discountPercentage: 0.25, durationMonths: 0, months: 3 }),
    ).toMatchObject({
      discountPercentage: 0.25,
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
