// Cello's answers about referral codes are kept briefly and boundedly per client (issue 20).
import { describe, expect, it, vi } from 'vitest'
import type { CelloClient } from '../../../src/server'
import { lookupReferralCode, refuseReferral } from '../../../src/server/client/referralCodeLookup'

function fakeClient() {
  const asked: string[] = []
  const client = {
    validateReferralCode: (code: string) => {
      asked.push(code)
      return Promise.resolve({ code, productUserId: 'alice', valid: true })
    },
  } as unknown as CelloClient
  return { client, asked }
}

describe('lookupReferralCode', () => {
  it('asks Cello once per code for 60 s, then again', async () => {
    vi.useFakeTimers()
    try {
      const { client, asked } = fakeClient()
      const signal = new AbortController().signal
      await lookupReferralCode(client, 'pNRB1aYqArN', signal)
      await lookupReferralCode(client, 'pNRB1aYqArN', signal)
      expect(asked).toEqual(['pNRB1aYqArN'])
      vi.advanceTimersByTime(60_001)
      await lookupReferralCode(client, 'pNRB1aYqArN', signal)
      expect(asked).toEqual(['pNRB1aYqArN', 'pNRB1aYqArN'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps at most 1,000 codes per client, dropping the oldest answer', async () => {
    const { client, asked } = fakeClient()
    const signal = new AbortController().signal
    for (let i = 0; i <= 1000; i++) await lookupReferralCode(client, `code${i}`, signal)
    await lookupReferralCode(client, 'code1000', signal) // kept
    await lookupReferralCode(client, 'code1', signal) // kept
    expect(asked).toHaveLength(1001)
    await lookupReferralCode(client, 'code0', signal) // dropped: asked again
    expect(asked).toHaveLength(1002)
  })

  it('does not keep a failure', async () => {
    let fail = true
    const client = {
      validateReferralCode: (code: string) =>
        fail ? Promise.reject(new Error('down')) : Promise.resolve({ code, productUserId: 'alice', valid: true }),
    } as unknown as CelloClient
    const signal = new AbortController().signal
    await expect(lookupReferralCode(client, 'pNRB1aYqArN', signal)).rejects.toThrow('down')
    fail = false
    await expect(lookupReferralCode(client, 'pNRB1aYqArN', signal)).resolves.toMatchObject({ valid: true })
  })
})

describe('refuseReferral', () => {
  it("refuses an unknown code and the subject's own code, and lets a friend's through", () => {
    expect(refuseReferral({ code: 'x', productUserId: '', valid: false }, ['u1'])).toBe('invalid_code')
    expect(refuseReferral({ code: 'x', productUserId: 'u1', valid: true }, ['org-1', 'u1'])).toBe('self_referral')
    expect(refuseReferral({ code: 'x', productUserId: 'alice', valid: true }, ['org-1', 'u1'])).toBeNull()
    expect(refuseReferral({ code: 'x', valid: true }, ['u1', undefined])).toBeNull()
  })
})
