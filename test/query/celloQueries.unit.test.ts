import { createTestQueryClient } from '../support/createTestQueryClient'
import { describe, expect, it } from 'vitest'
import { activeLinkQueryOptions, CelloError, celloKeys, referralCodeQueryOptions, type CelloBff } from '../../src'

const bff = (getActiveLink: CelloBff['getActiveLink']): CelloBff => ({
  getActiveLink,
  validateReferralCode: (code) => Promise.resolve({ code, valid: true }),
  reportSignup: () => Promise.resolve({ reported: false }),
})

describe('celloKeys and the query options', () => {
  it('builds every key under celloKeys.all, so one prefix invalidates them all', () => {
    expect(celloKeys.all).toEqual(['react-cello'])
    expect(celloKeys.activeLink()).toEqual(['react-cello', 'active-link'])
    expect(celloKeys.activeLink(null)).toEqual(['react-cello', 'active-link', null])
    expect(celloKeys.activeLink('u1')).toEqual(['react-cello', 'active-link', 'u1'])
    expect(celloKeys.referralCode('abc')).toEqual(['react-cello', 'referral-code', 'abc'])
    expect(
      activeLinkQueryOptions(
        bff(() => Promise.reject(new Error('unused'))),
        'u1',
      ).queryKey,
    ).toEqual(celloKeys.activeLink('u1'))
    expect(
      referralCodeQueryOptions(
        bff(() => Promise.reject(new Error('unused'))),
        'abc',
      ).queryKey,
    ).toEqual(celloKeys.referralCode('abc'))
  })

  it('resolves the active link to null on unauthorized and retries only network and upstream failures', async () => {
    const signedOut = activeLinkQueryOptions(bff(() => Promise.reject(new CelloError('unauthorized', '401'))))
    expect(signedOut.queryKey).toEqual(celloKeys.activeLink(null))
    await expect(createTestQueryClient().fetchQuery(signedOut)).resolves.toBeNull()
    const retry = signedOut.retry
    if (typeof retry !== 'function') throw new Error('activeLinkQueryOptions retries by a function')
    expect([
      retry(0, new CelloError('network', '')),
      retry(1, new CelloError('upstream', '')),
      retry(2, new CelloError('network', '')),
    ]).toEqual([true, true, false])
    expect(retry(0, new CelloError('forbidden', ''))).toBe(false)
  })
})
