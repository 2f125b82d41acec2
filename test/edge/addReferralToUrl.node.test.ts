import { describe, expect, it } from 'vitest'
import { addReferralToInstallLink, addReferralToUrl, captureReferral } from '../../src/edge'

const UCC = 'pNRB1aYqArN'

describe('addReferralToUrl', () => {
  it.each([
    [
      'an absolute magic link',
      'https://app.example.com/auth/verify?token=t0k',
      `https://app.example.com/auth/verify?token=t0k&ucc=${UCC}`,
    ],
    ['a relative link', '/auth/verify?token=t0k', `/auth/verify?token=t0k&ucc=${UCC}`],
    ['a link with a fragment', 'https://app.example.com/a#b', `https://app.example.com/a?ucc=${UCC}#b`],
    ['a link with an older code', 'https://app.example.com/?ucc=older&x=1', `https://app.example.com/?ucc=${UCC}&x=1`],
    ['a URL object', new URL('https://app.example.com/v'), `https://app.example.com/v?ucc=${UCC}`],
  ])('adds the code to %s', (_, url, expected) => {
    expect(addReferralToUrl(url, UCC)).toBe(expected)
  })

  it.each([null, undefined, '', 'two words', 'a&b=c', 'x'.repeat(256)])('leaves the link unchanged for %j', (ucc) => {
    expect(addReferralToUrl('https://app.example.com/v?token=t', ucc)).toBe('https://app.example.com/v?token=t')
  })

  it('takes another parameter name', () => {
    expect(addReferralToUrl('https://app.example.com/v', UCC, { param: 'cello_ucc' })).toBe(
      `https://app.example.com/v?cello_ucc=${UCC}`,
    )
  })

  it('is read back by captureReferral as a referral link, without consent writing no cookie', () => {
    const link = addReferralToUrl('https://app.example.com/auth/verify?token=t0k', UCC)
    const captured = captureReferral(new Request(link), { consent: 'pending' })
    expect(captured).toMatchObject({ referral: { ucc: UCC }, source: 'url', setCookies: [] })
  })
})

describe('addReferralToInstallLink', () => {
  it.each([
    ['Branch', 'https://yourbrand.app.link/abc123', `https://yourbrand.app.link/abc123?referral_ucc=${UCC}`],
    [
      'AppsFlyer OneLink',
      'https://brand.onelink.me/H5hv?pid=referral&c=cello',
      `https://brand.onelink.me/H5hv?pid=referral&c=cello&referral_ucc=${UCC}`,
    ],
    [
      'Adjust',
      'https://app.adjust.com/abc1234?campaign=x',
      `https://app.adjust.com/abc1234?campaign=x&referral_ucc=${UCC}`,
    ],
  ])('adds referral_ucc to a %s link', (_, link, expected) => {
    expect(addReferralToInstallLink(link, UCC)).toBe(expected)
  })

  it('leaves the link unchanged without a valid code', () => {
    expect(addReferralToInstallLink('https://yourbrand.app.link/abc123', 'not a code')).toBe(
      'https://yourbrand.app.link/abc123',
    )
  })
})
