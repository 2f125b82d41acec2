// The provider's URL capture (createCelloStore reads location.search with the server's
// parseReferralParams), in jsdom: see also test/shared/referralCode.unit.test.ts.
import { afterEach, describe, expect, it } from 'vitest'
import { createCelloStore } from '../../src/runtime/createCelloStore'
import { resetPageState } from '../../src/runtime/pageState'

afterEach(() => {
  resetPageState()
  history.replaceState(null, '', '/')
})

/** The product id the store captures on the first render of a page opened at `url`. */
function productIdAt(url: string): string | null {
  resetPageState()
  history.replaceState(null, '', url)
  return createCelloStore({ consent: 'pending' }).getSnapshot().productId
}

describe('createCelloStore: productId from the URL', () => {
  // Issue 20: productId from the URL kept CR/LF and `;`.
  it('keeps it only when it is a product id (letters, digits, ".", "-", "_", at most 255)', () => {
    expect(productIdAt('/?ucc=abc&productId=www.ordio.com')).toBe('www.ordio.com')
    expect(productIdAt(`/?ucc=abc&productId=${'x'.repeat(255)}`)).toBe('x'.repeat(255))
    for (const bad of ['moon%0D%0Aly', 'moon%0Aly', 'moon%3Bly', 'moon;ly', 'a%3Db', 'a%00', 'x'.repeat(256)]) {
      expect(productIdAt(`/?ucc=abc&productId=${bad}`)).toBeNull()
    }
  })
})

describe('createCelloStore: the referrer from the cookies', () => {
  const clearCookies = () => {
    for (const name of ['cello-referral', 'cello-referrer']) document.cookie = `${name}=; Max-Age=0; Path=/`
  }
  afterEach(clearCookies)

  // A SPA has no initialReferral: the name of a returning visit comes from the cello-referrer
  // cookie that server-side capture (captureReferral) wrote with the code.
  it('takes the name of cello-referrer when it belongs to the code of cello-referral', () => {
    document.cookie = 'cello-referral=pNRB1aYqArN; Path=/'
    document.cookie = `cello-referrer=${encodeURIComponent('u=pNRB1aYqArN&n=Alice&p=moonly.app')}; Path=/`
    const snapshot = createCelloStore({ consent: 'pending' }).getSnapshot()
    expect(snapshot).toMatchObject({
      ucc: 'pNRB1aYqArN',
      source: 'cookie',
      referrerName: 'Alice',
      productId: 'moonly.app',
    })
  })

  it('ignores a cello-referrer written for another code', () => {
    document.cookie = 'cello-referral=newerCode1; Path=/'
    document.cookie = `cello-referrer=${encodeURIComponent('u=pNRB1aYqArN&n=Alice')}; Path=/`
    const snapshot = createCelloStore({ consent: 'pending' }).getSnapshot()
    expect(snapshot).toMatchObject({ ucc: 'newerCode1', referrerName: null })
  })

  it('reads no cookie when consent is denied', () => {
    document.cookie = 'cello-referral=pNRB1aYqArN; Path=/'
    document.cookie = `cello-referrer=${encodeURIComponent('u=pNRB1aYqArN&n=Alice')}; Path=/`
    expect(createCelloStore({ consent: 'denied' }).getSnapshot()).toMatchObject({ ucc: null, referrerName: null })
  })
})
