import { describe, expect, it } from 'vitest'
import {
  attachReferralToStripeCustomer,
  CelloValidationError,
  isCelloError,
  type CelloServerErrorCode,
  type StripeCustomerClient,
} from '../../../src/server'

/** An in-memory Stripe with the subset attachReferralToStripeCustomer uses, merging metadata as Stripe does. */
function fakeStripe(
  customers: Record<string, { deleted?: true; metadata?: Record<string, string>; paidInvoices?: number }>,
) {
  const calls: string[] = []
  const stripe: StripeCustomerClient = {
    customers: {
      async retrieve(id) {
        calls.push(`retrieve ${id}`)
        const customer = customers[id]
        if (!customer)
          throw Object.assign(new Error(`No such customer: '${id}'`), { type: 'StripeInvalidRequestError' })
        return customer.deleted
          ? { id, object: 'customer', deleted: true }
          : { id, object: 'customer', metadata: { ...customer.metadata } }
      },
      async update(id, { metadata }) {
        calls.push(`update ${id} ${JSON.stringify(metadata)}`)
        const customer = customers[id]!
        const merged = { ...customer.metadata, ...metadata }
        for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key]
        customer.metadata = merged
        return { id, metadata: merged }
      },
    },
    invoices: {
      async list({ customer, status, limit }) {
        calls.push(`list invoices ${customer} ${status} ${limit}`)
        return {
          data: Array.from({ length: Math.min(limit, customers[customer]?.paidInvoices ?? 0) }, (_, i) => ({
            id: `in_${i}`,
            status,
          })),
        }
      },
    },
  }
  return { stripe, customers, calls }
}

const referral = { ucc: 'pNRB1aYqArN', newUserId: 'user-1' }

async function failure(call: Promise<unknown>, code: CelloServerErrorCode) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isCelloError(error, code)).toBe(true)
  return error as Error
}

describe('attachReferralToStripeCustomer', () => {
  it('adds the referral to a customer with no payment yet, keeping its other metadata', async () => {
    const { stripe, customers, calls } = fakeStripe({ cus_1: { metadata: { plan: 'pro', new_user_id: 'user-1' } } })
    await expect(
      attachReferralToStripeCustomer(stripe, 'cus_1', { ...referral, organizationId: 'org-9' }),
    ).resolves.toEqual({
      updated: true,
      metadata: { cello_ucc: 'pNRB1aYqArN', new_user_id: 'user-1', new_user_organization_id: 'org-9' },
    })
    expect(customers.cus_1!.metadata).toEqual({
      plan: 'pro',
      cello_ucc: 'pNRB1aYqArN',
      new_user_id: 'user-1',
      new_user_organization_id: 'org-9',
    })
    expect(calls).toEqual([
      'retrieve cus_1',
      'list invoices cus_1 paid 1',
      'update cus_1 {"cello_ucc":"pNRB1aYqArN","new_user_id":"user-1","new_user_organization_id":"org-9"}',
    ])
  })

  it('sends nothing when the customer already holds exactly this referral', async () => {
    const { stripe, calls } = fakeStripe({
      cus_1: { metadata: { cello_ucc: 'pNRB1aYqArN', new_user_id: 'user-1' }, paidInvoices: 3 },
    })
    await expect(attachReferralToStripeCustomer(stripe, 'cus_1', referral)).resolves.toEqual({
      updated: false,
      metadata: { cello_ucc: 'pNRB1aYqArN', new_user_id: 'user-1' },
    })
    expect(calls).toEqual(['retrieve cus_1'])
  })

  it('refuses a deleted customer', async () => {
    const { stripe, calls } = fakeStripe({ cus_gone: { deleted: true } })
    const error = await failure(attachReferralToStripeCustomer(stripe, 'cus_gone', referral), 'customer_deleted')
    expect(error.message).toContain('cus_gone is deleted')
    expect(calls).toEqual(['retrieve cus_gone'])
  })

  it('never silently changes attribution: a different referral is a conflict unless overwrite is set', async () => {
    const { stripe, customers, calls } = fakeStripe({
      cus_1: {
        metadata: { cello_ucc: 'OtherCode01', new_user_id: 'user-1', new_user_organization_id: 'org-1', plan: 'pro' },
      },
    })
    const error = await failure(attachReferralToStripeCustomer(stripe, 'cus_1', referral), 'referral_conflict')
    expect(error.message).toContain('cello_ucc "OtherCode01" (not "pNRB1aYqArN")')
    expect(error.message).toContain('new_user_organization_id "org-1"')
    expect(error.message).toContain('overwrite: true')
    expect(calls).toEqual(['retrieve cus_1'])

    await expect(
      attachReferralToStripeCustomer(stripe, 'cus_1', { ...referral, overwrite: true }),
    ).resolves.toMatchObject({ updated: true })
    // The stale organization id is removed (Stripe unsets a key sent empty); other keys stay.
    expect(calls.at(-1)).toBe(
      'update cus_1 {"cello_ucc":"pNRB1aYqArN","new_user_id":"user-1","new_user_organization_id":""}',
    )
    expect(customers.cus_1!.metadata).toEqual({ cello_ucc: 'pNRB1aYqArN', new_user_id: 'user-1', plan: 'pro' })
  })

  it('refuses once the customer has a paid invoice, even with overwrite: Cello would not reward it', async () => {
    const { stripe, customers, calls } = fakeStripe({ cus_1: { metadata: { new_user_id: 'user-1' }, paidInvoices: 1 } })
    const error = await failure(
      attachReferralToStripeCustomer(stripe, 'cus_1', { ...referral, overwrite: true }),
      'referral_too_late',
    )
    expect(error.message).toContain('https://docs.cello.so/api-reference/new-users/get-reward')
    expect(calls).toEqual(['retrieve cus_1', 'list invoices cus_1 paid 1'])
    expect(customers.cus_1!.metadata).toEqual({ new_user_id: 'user-1' })
  })

  it('validates its input before calling Stripe, and passes Stripe errors through', async () => {
    const { stripe, calls } = fakeStripe({})
    const error = await attachReferralToStripeCustomer(stripe, '', { ucc: 'has space', newUserId: ' ' }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CelloValidationError)
    expect((error as CelloValidationError).issues.map((i) => i.path).sort()).toEqual(['customerId', 'newUserId', 'ucc'])
    expect(calls).toEqual([])
    await expect(attachReferralToStripeCustomer(stripe, 'cus_missing', referral)).rejects.toThrow(
      "No such customer: 'cus_missing'",
    )
  })
})
