// The checkout discount against the emulator's New User Reward API (issue 24): each refusal is a
// value with its code, and a customer with a subscription is refused before Cello is asked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { celloCheckoutDiscount, createCelloClient, type CelloClient } from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

const ALICE_UCC = 'pNRB1aYqArN'
let emulator: CelloEmulator
let cello: CelloClient

beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: ALICE_UCC, name: 'Alice' }] })
  cello = createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    retry: { retries: 0 },
  })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.reset())

const signup = (newUserId: string, ucc = ALICE_UCC) =>
  cello.trackSignup({ ucc, newUser: { id: newUserId, email: `${newUserId}@example.com` } })
const asked = () => emulator.requests.filter((r) => r.path !== '/token').map((r) => `${r.method} ${r.path}`)

describe('celloCheckoutDiscount', () => {
  it('maps an eligible user’s reward to the coupon, for Stripe and Chargebee', async () => {
    await signup('bob')
    const result = await celloCheckoutDiscount(cello, { newUserId: 'bob', hasSubscription: false, coupons: 'CELLO50' })
    expect(result).toMatchObject({
      status: 'apply',
      coupon: 'CELLO50',
      stripe: { discounts: [{ coupon: 'CELLO50' }] },
      chargebee: { coupon_ids: ['CELLO50'] },
      reward: { percentage: 50, intervalCount: 6, campaignId: 'default-campaign', referralUcc: ALICE_UCC },
    })
  })

  it('passes the reward to a coupon function', async () => {
    await signup('bob')
    const result = await celloCheckoutDiscount(cello, {
      newUserId: 'bob',
      hasSubscription: false,
      coupons: (reward) => `PCT${reward.percentage}-${reward.intervalCount}M`,
    })
    expect(result).toMatchObject({ status: 'apply', coupon: 'PCT50-6M' })
  })

  it('refuses once a subscription exists, without asking Cello', async () => {
    await signup('bob')
    const before = asked().length
    const result = await celloCheckoutDiscount(cello, { newUserId: 'bob', hasSubscription: true, coupons: 'CELLO50' })
    expect(result).toMatchObject({ status: 'refused', code: 'subscription_exists' })
    expect(asked()).toHaveLength(before)
  })

  it('refuses a missing hasSubscription as a subscription (a JavaScript caller that forgot it)', async () => {
    await signup('bob')
    const input = { newUserId: 'bob', coupons: 'CELLO50' } as unknown as Parameters<typeof celloCheckoutDiscount>[1]
    expect(await celloCheckoutDiscount(cello, input)).toMatchObject({ code: 'subscription_exists' })
  })

  it('refuses a user Cello reports no reward for', async () => {
    const result = await celloCheckoutDiscount(cello, {
      newUserId: 'carol',
      hasSubscription: false,
      coupons: 'CELLO50',
    })
    expect(result).toMatchObject({ status: 'refused', code: 'not_eligible' })
  })

  it('refuses a code Cello does not know, and one that is not a code, before reading the reward', async () => {
    await signup('bob')
    const unknown = await celloCheckoutDiscount(cello, {
      newUserId: 'bob',
      ucc: 'ZZZZZZZZZZZ',
      hasSubscription: false,
      coupons: 'CELLO50',
    })
    expect(unknown).toMatchObject({ status: 'refused', code: 'invalid_code' })
    const garbage = await celloCheckoutDiscount(cello, {
      newUserId: 'bob',
      ucc: 'not a code!',
      hasSubscription: false,
      coupons: 'CELLO50',
    })
    expect(garbage).toMatchObject({ status: 'refused', code: 'invalid_code' })
    expect(asked().filter((a) => a.startsWith('GET /new-users'))).toEqual([])
  })

  it('refuses the user’s own code', async () => {
    const result = await celloCheckoutDiscount(cello, {
      newUserId: 'alice',
      ucc: ALICE_UCC,
      hasSubscription: false,
      coupons: 'CELLO50',
    })
    expect(result).toMatchObject({ status: 'refused', code: 'self_referral' })
  })

  it('refuses a reward the mapping has no coupon for', async () => {
    await signup('bob')
    for (const coupons of [() => null, () => undefined, () => ' ', '']) {
      const result = await celloCheckoutDiscount(cello, { newUserId: 'bob', hasSubscription: false, coupons })
      expect(result).toMatchObject({ status: 'refused', code: 'no_coupon' })
    }
  })

  it('throws when Cello cannot be asked, so the app decides', async () => {
    emulator.injectFault({ method: 'GET', path: '/new-users/bob/reward', kind: 'status', status: 500 })
    await expect(
      celloCheckoutDiscount(cello, { newUserId: 'bob', hasSubscription: false, coupons: 'CELLO50' }),
    ).rejects.toMatchObject({ code: 'api_error', status: 500 })
  })
})
