import { describe, expect, it } from 'vitest'
import {
  attachCheckoutReferral,
  CelloValidationError,
  type CheckoutSessionLike,
  type StripeCustomerClient,
} from '../../../src/server'

const UCC = 'pNRB1aYqArN'

/**
 * An in-memory Stripe with what attachCheckoutReferral uses: metadata merged as Stripe merges it,
 * and an Idempotency-Key honoured as Stripe honours it (a second request with the key gets the
 * first one's answer, and changes nothing). Each call yields first, so that racing calls interleave.
 */
function fakeStripe(customers: Record<string, { metadata: Record<string, string>; paidInvoices?: number }>) {
  const updates: { id: string; metadata: Record<string, string>; idempotencyKey?: string }[] = []
  const seenKeys = new Map<string, unknown>()
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  const stripe: StripeCustomerClient = {
    customers: {
      async retrieve(id) {
        await tick()
        return { id, metadata: { ...customers[id]!.metadata } }
      },
      async update(id, { metadata }, options) {
        await tick()
        const key = options?.idempotencyKey
        if (key !== undefined && seenKeys.has(key)) return seenKeys.get(key)
        updates.push({ id, metadata, ...(key === undefined ? {} : { idempotencyKey: key }) })
        const customer = customers[id]!
        customer.metadata = { ...customer.metadata, ...metadata }
        const answer = { id, metadata: customer.metadata }
        if (key !== undefined) seenKeys.set(key, answer)
        return answer
      },
    },
    invoices: {
      async list({ customer }) {
        await tick()
        return { data: Array.from({ length: customers[customer]?.paidInvoices ?? 0 }, (_, i) => ({ id: `in_${i}` })) }
      },
    },
  }
  return { stripe, customers, updates }
}

const session = (fields: Partial<CheckoutSessionLike> = {}): CheckoutSessionLike => ({
  id: 'cs_test_1',
  customer: 'cus_1',
  client_reference_id: null,
  metadata: { cello_ucc: UCC, new_user_id: 'user-1' },
  ...fields,
})

describe('attachCheckoutReferral', () => {
  it('puts the session metadata’s referral on the customer Checkout created', async () => {
    const { stripe, customers, updates } = fakeStripe({ cus_1: { metadata: { plan: 'pro' } } })
    const result = await attachCheckoutReferral(stripe, session())
    expect(result).toEqual({
      status: 'attached',
      customerId: 'cus_1',
      metadata: { cello_ucc: UCC, new_user_id: 'user-1' },
    })
    expect(customers.cus_1!.metadata).toEqual({ plan: 'pro', cello_ucc: UCC, new_user_id: 'user-1' })
    expect(updates).toHaveLength(1)
    expect(updates[0]!.idempotencyKey).toBe('cello-checkout-referral:cs_test_1')
  })

  it('attaches once when Stripe delivers the event twice, one after the other', async () => {
    const { stripe, updates } = fakeStripe({ cus_1: { metadata: {} } })
    const first = await attachCheckoutReferral(stripe, session())
    const second = await attachCheckoutReferral(stripe, session())
    expect([first.status, second.status]).toEqual(['attached', 'unchanged'])
    expect(updates).toHaveLength(1)
  })

  it('changes the customer once when two deliveries race', async () => {
    const { stripe, customers, updates } = fakeStripe({ cus_1: { metadata: {} } })
    const results = await Promise.all([
      attachCheckoutReferral(stripe, session()),
      attachCheckoutReferral(stripe, session()),
    ])
    expect(results.map((r) => r.status)).toEqual(['attached', 'attached'])
    expect(updates).toHaveLength(1)
    expect(customers.cus_1!.metadata).toEqual({ cello_ucc: UCC, new_user_id: 'user-1' })
  })

  it('never overwrites a referral the customer got meanwhile, on a late redelivery', async () => {
    const { stripe, customers, updates } = fakeStripe({
      cus_1: { metadata: { cello_ucc: 'otherCode01', new_user_id: 'user-1' } },
    })
    const result = await attachCheckoutReferral(stripe, session())
    expect(result).toMatchObject({ status: 'refused', customerId: 'cus_1', reason: 'referral_conflict' })
    expect(updates).toHaveLength(0)
    expect(customers.cus_1!.metadata.cello_ucc).toBe('otherCode01')
  })

  it('refuses, as a value, a customer whose first invoice is already paid (a subscription Checkout)', async () => {
    const { stripe, updates } = fakeStripe({ cus_1: { metadata: {}, paidInvoices: 1 } })
    const result = await attachCheckoutReferral(stripe, session())
    expect(result).toMatchObject({ status: 'refused', reason: 'referral_too_late' })
    expect(result.status === 'refused' && result.error.code).toBe('referral_too_late')
    expect(updates).toHaveLength(0)
  })

  it('reads a Payment Link’s client_reference_id when told to, with your user id', async () => {
    const { stripe, customers } = fakeStripe({ cus_1: { metadata: {} } })
    const link = session({ metadata: {}, client_reference_id: UCC, customer: { id: 'cus_1' } })
    const result = await attachCheckoutReferral(stripe, link, { uccIn: 'client_reference_id', newUserId: 'user-7' })
    expect(result.status).toBe('attached')
    expect(customers.cus_1!.metadata).toEqual({ cello_ucc: UCC, new_user_id: 'user-7' })
  })

  it.each([
    ['no code on the session', session({ metadata: null }), {}, 'no_referral'],
    [
      'an invalid code in client_reference_id',
      session({ client_reference_id: 'a b' }),
      { uccIn: 'client_reference_id' as const },
      'no_referral',
    ],
    ['no customer (a guest payment)', session({ customer: null }), {}, 'no_customer'],
  ])('skips %s without calling Stripe', async (_, checkout, options, reason) => {
    const { stripe, updates } = fakeStripe({ cus_1: { metadata: {} } })
    expect(await attachCheckoutReferral(stripe, checkout, options)).toEqual({ status: 'skipped', reason })
    expect(updates).toHaveLength(0)
  })

  it('throws a CelloValidationError when no user id is known', async () => {
    const { stripe } = fakeStripe({ cus_1: { metadata: {} } })
    const link = session({ metadata: {}, client_reference_id: UCC })
    await expect(attachCheckoutReferral(stripe, link, { uccIn: 'client_reference_id' })).rejects.toBeInstanceOf(
      CelloValidationError,
    )
  })
})
