// Type tests (checked by `tsc --noEmit`, never run): the Stripe helpers fit the real `stripe`
// package's types. Nothing here calls Stripe.
import Stripe from 'stripe'
import { expectTypeOf } from 'vitest'
import {
  attachCheckoutReferral,
  attachReferralToStripeCustomer,
  stripeCustomerMetadata,
  type CelloCustomerMetadata,
  type CheckoutSessionLike,
  type StripeCustomerClient,
} from '../../../src/server'

const stripe = new Stripe('sk_test_x')
const metadata = stripeCustomerMetadata({ ucc: 'pNRB1aYqArN', newUserId: 'user-1', organizationId: 'org-9' })

// stripeCustomerMetadata() goes straight into customers.create/update.
expectTypeOf<CelloCustomerMetadata>().toExtend<Stripe.MetadataParam>()
expectTypeOf(stripe.customers.create).toBeCallableWith({ email: 'bob@example.com', metadata })
expectTypeOf(stripe.customers.update).toBeCallableWith('cus_123', { metadata })

// attachReferralToStripeCustomer takes the real client.
expectTypeOf(stripe).toExtend<StripeCustomerClient>()
expectTypeOf(attachReferralToStripeCustomer).toBeCallableWith(stripe, 'cus_123', {
  ucc: 'pNRB1aYqArN',
  newUserId: 'user-1',
})

// attachCheckoutReferral takes the real client and the session of a checkout.session.completed event.
expectTypeOf<Stripe.Checkout.Session>().toExtend<CheckoutSessionLike>()
declare const event: Stripe.Event
if (event.type === 'checkout.session.completed') {
  expectTypeOf(attachCheckoutReferral).toBeCallableWith(stripe, event.data.object)
}
// The session's metadata is stripeCustomerMetadata()'s.
expectTypeOf(stripe.checkout.sessions.create).toBeCallableWith({ mode: 'payment', metadata })
