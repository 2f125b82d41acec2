// Type tests (checked by `tsc --noEmit`, never run): the metadata helpers fit the real `stripe`
// package's parameter types. Nothing here calls Stripe.
import Stripe from 'stripe'
import { expectTypeOf } from 'vitest'
import { stripeCustomerMetadata, type CelloCustomerMetadata } from '../../../src/server'

const stripe = new Stripe('sk_test_x')
const metadata = stripeCustomerMetadata({ ucc: 'pNRB1aYqArN', newUserId: 'user-1', organizationId: 'org-9' })

expectTypeOf<CelloCustomerMetadata>().toExtend<Stripe.MetadataParam>()
expectTypeOf(stripe.customers.create).toBeCallableWith({ email: 'bob@example.com', metadata })
expectTypeOf(stripe.customers.update).toBeCallableWith('cus_123', { metadata })
