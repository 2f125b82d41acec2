import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type CelloError,
  CelloValidationError,
  createCelloClient,
  isCelloError,
  type CelloClientOptions,
  type CelloEventEnvelope,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

let emulator: CelloEmulator

beforeAll(async () => {
  emulator = await createCelloEmulator({
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' }],
  })
})
afterEach(() => emulator.reset())
afterAll(() => emulator.close())

const client = (sources?: CelloClientOptions['sources']) =>
  createCelloClient({
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    baseUrl: emulator.url,
    sources,
  })

const newUser = { id: 'user-1', email: 'bob@example.com', name: 'Bob' }
const signup = { ucc: 'pNRB1aYqArN', newUser }
const invoice = {
  ...signup,
  price: 49,
  currency: 'EUR',
  subscription: { id: 'sub_1', invoiceId: 'in_1', interval: 'monthly' as const, productKey: 'Pro' },
}
const refund = { ...signup, price: 49, currency: 'EUR', subscription: { invoiceId: 'in_1' } }
const envelope = (trigger: 'new-signup' | 'invoice-paid' | 'charge-refunded'): CelloEventEnvelope => ({
  eventName: 'ReferralUpdated',
  payload: {
    ucc: 'pNRB1aYqArN',
    newUserId: 'user-1',
    ...(trigger === 'new-signup' ? {} : { price: 49, currency: 'EUR' }),
  },
  context: {
    newUser,
    event: { trigger, timestamp: '2026-06-01T00:00:00.000Z' },
    ...(trigger === 'new-signup' ? {} : { subscription: { invoiceId: 'in_1' } }),
  },
})

async function refusal(call: Promise<unknown>): Promise<CelloError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isCelloError(error, 'duplicate_source')).toBe(true)
  return error as CelloError
}

describe('sources', () => {
  it("defaults to 'api' for both, and sends every event as before", async () => {
    const cello = client()
    expect(cello.sources).toEqual({ purchases: 'api', signups: 'api' })
    await cello.trackSignup(signup)
    await cello.trackInvoicePaid(invoice)
    await cello.trackChargeRefunded(refund)
    expect(emulator.events.map((e) => e.context.event.trigger)).toEqual([
      'new-signup',
      'invoice-paid',
      'charge-refunded',
    ])
  })

  it("refuses invoice-paid and charge-refunded when Stripe's webhook reports purchases, and sends nothing", async () => {
    const cello = client({ purchases: 'stripe' })
    const paid = await refusal(cello.trackInvoicePaid(invoice))
    expect(paid.message).toContain('https://docs.cello.so/integrations/webhooks/stripe-webhook')
    expect(paid.message).toMatch(/invoice\.paid.*twice/)
    expect(paid.message).toContain('stripeCustomerMetadata')
    await refusal(cello.trackChargeRefunded(refund))
    await refusal(cello.sendEvent(envelope('invoice-paid')))
    await refusal(cello.sendEvent(envelope('charge-refunded')))
    expect(emulator.requests).toHaveLength(0)

    // Signups and demo calls still go through the API.
    await cello.trackSignup(signup)
    await cello.trackDemoCallAttended(signup)
    expect(emulator.events.map((e) => e.context.event.trigger)).toEqual(['new-signup', 'demo-call-attended'])
  })

  it("refuses new-signup when Chargebee's customer-created webhook is the signup, and names the Chargebee docs", async () => {
    const cello = client({ signups: 'chargebee', purchases: 'chargebee' })
    const error = await refusal(cello.trackSignup(signup))
    expect(error.message).toContain('https://docs.cello.so/integrations/webhooks/chargebee-webhook')
    expect(error.message).toContain('chargebeeCustomerMetadata')
    expect(error.message).toContain("sources.signups to 'api'")
    await refusal(cello.sendEvent(envelope('new-signup')))
    await refusal(cello.trackInvoicePaid(invoice))
    expect(emulator.requests).toHaveLength(0)
  })

  it('refuses before validating the input: the event could never be sent', async () => {
    await refusal(
      client({ signups: 'stripe' }).trackSignup({ ucc: 'has space', newUser: { id: '', email: 'not-an-email' } }),
    )
  })

  it('exposes the resolved sources read-only', () => {
    const cello = client({ purchases: 'stripe' })
    expect(cello.sources).toEqual({ purchases: 'stripe', signups: 'api' })
    expect(Object.isFrozen(cello.sources)).toBe(true)
    expect(() => {
      ;(cello as { sources: unknown }).sources = { purchases: 'api', signups: 'api' }
    }).toThrow(TypeError)
    expect(cello.sources.purchases).toBe('stripe')
  })

  it('refuses an unknown source or key, naming the field', () => {
    const issues = (sources: unknown) => {
      try {
        client(sources as CelloClientOptions['sources'])
      } catch (error) {
        expect(error).toBeInstanceOf(CelloValidationError)
        return (error as CelloValidationError).issues.map((i) => i.path)
      }
      return []
    }
    expect(issues({ purchases: 'paddle' })).toEqual(['sources.purchases'])
    expect(issues({ signups: 'Stripe' })).toEqual(['sources.signups'])
    expect(issues({ purchase: 'stripe' })).toEqual(['sources'])
    expect(issues('stripe')).toEqual(['sources'])
  })
})
