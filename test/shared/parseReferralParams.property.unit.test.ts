import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isValidUcc } from '../../src'
import { parseCampaignConfig } from '../../src/runtime/parseCampaignConfig'
import { parseReferralParams } from '../../src/shared/parseReferralParams'
import { cleanReferrerName, decodeReferrerName, readCookie } from '../../src/shared/referralCode'
import { serializeReferralCookie } from '../../src/shared/referralCookie'

const validUcc = fc.stringMatching(/^[A-Za-z0-9_-]{1,255}$/)
const anyText = fc.string({ unit: 'binary', maxLength: 400 })

describe('parsing properties (fast-check)', () => {
  it('parseReferralParams never throws, and accepts only valid codes', () => {
    fc.assert(
      fc.property(anyText, anyText, (ucc, name) => {
        const params = new URLSearchParams({ ucc, celloN: name })
        const referral = parseReferralParams(params)
        if (referral) expect(isValidUcc(referral.ucc)).toBe(true)
        expect(referral !== null).toBe(isValidUcc(ucc))
      }),
    )
  })

  // Issue 20: productId from the URL kept CR/LF and `;`.
  it('parseReferralParams keeps a product id only when it matches the rule, whatever the URL holds', () => {
    fc.assert(
      fc.property(validUcc, fc.oneof(anyText, fc.stringMatching(/^[A-Za-z0-9._-]{1,255}$/)), (ucc, productId) => {
        const kept = parseReferralParams(new URLSearchParams({ ucc, productId }))?.productId
        expect(kept).toBe(/^[A-Za-z0-9._-]{1,255}$/.test(productId) ? productId : null)
        // eslint-disable-next-line no-control-regex -- asserting there are none
        if (kept) expect(kept).not.toMatch(/[\u0000-\u001f\u007f;=%\s]/)
      }),
    )
  })

  it('parseReferralParams never throws on arbitrary query strings', () => {
    fc.assert(fc.property(anyText, (search) => void parseReferralParams(search)))
  })

  it('a valid code round-trips through the URL', () => {
    fc.assert(
      fc.property(validUcc, (ucc) => {
        const url = new URL(`https://shop.example/?${new URLSearchParams({ ucc })}`)
        expect(parseReferralParams(url.search)?.ucc).toBe(ucc)
      }),
    )
  })

  it('a valid code round-trips through the cookie, next to any other cookies', () => {
    fc.assert(
      fc.property(
        validUcc,
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9]{0,8}$/))),
        (ucc, others) => {
          const cookie = serializeReferralCookie(ucc).split(';')[0]!
          const header = [...others.filter(([n]) => n !== 'cello').map(([n, v]) => `${n}=${v}`), cookie].join('; ')
          expect(readCookie(header, 'cello-referral')).toBe(ucc)
        },
      ),
    )
  })

  it('readCookie never throws on arbitrary headers', () => {
    fc.assert(fc.property(anyText, (header) => void readCookie(header, 'cello-referral')))
  })

  it('a serialized cookie has exactly the attributes it should, whatever valid code it carries', () => {
    fc.assert(
      fc.property(validUcc, (ucc) => {
        const parts = serializeReferralCookie(ucc, { secure: true }).split('; ')
        expect(parts.slice(1)).toEqual(['Max-Age=7776000', 'Path=/', 'SameSite=Lax', 'Secure'])
      }),
    )
  })

  it('referrer names: decoding never throws, and the result is clean text', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        for (const name of [decodeReferrerName(value), cleanReferrerName(value)]) {
          if (name === null) continue
          expect(Array.from(name).length).toBeLessThanOrEqual(50)
          expect(name).toBe(name.trim())
          // eslint-disable-next-line no-control-regex -- asserting there are none
          expect(name).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/)
          expect(name).toMatch(/^[\p{L}\p{M} .'’\-‐]+$/u)
        }
      }),
    )
  })

  it('any UTF-8 name round-trips through base64 (celloN)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => cleanReferrerName(s) === s),
        (name) => {
          const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(name)))
          expect(decodeReferrerName(b64)).toBe(name)
          expect(decodeReferrerName(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))).toBe(name)
        },
      ),
    )
  })

  it('parseCampaignConfig never throws and only reports a discount in (0, 1] and 1 to 120 whole months', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const config = parseCampaignConfig(value)
        if (!config) return
        const { discountPercentage: discount, discountMonths: months } = config
        if (discount !== undefined) expect(discount > 0 && discount <= 1).toBe(true)
        if (months !== undefined) expect(Number.isInteger(months) && months >= 1 && months <= 120).toBe(true)
      }),
    )
  })
})
