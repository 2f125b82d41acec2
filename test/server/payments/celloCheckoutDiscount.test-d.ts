// Type tests (checked by `tsc --noEmit` and the types project, never run): the discount's Stripe
// part fits the real `stripe` package's Checkout Session parameters (issue 24).
import type Stripe from 'stripe'
import { expectTypeOf } from 'vitest'
import { celloCheckoutDiscount, type CelloClient, type CheckoutDiscountResult } from '../../../src/server'

type Apply = Extract<CheckoutDiscountResult, { status: 'apply' }>

expectTypeOf<Apply['stripe']['discounts']>().toExtend<Stripe.Checkout.SessionCreateParams['discounts']>()
expectTypeOf<Apply['stripe']>().toExtend<Partial<Stripe.Checkout.SessionCreateParams>>()

declare const stripe: Stripe
declare const discount: Apply
expectTypeOf(stripe.checkout.sessions.create).toBeCallableWith({ mode: 'subscription', ...discount.stripe })

// The real client is what it takes; hasSubscription cannot be left out.
declare const cello: CelloClient
expectTypeOf(celloCheckoutDiscount).toBeCallableWith(cello, { newUserId: 'u', hasSubscription: false, coupons: 'C' })
// @ts-expect-error -- hasSubscription is required
void celloCheckoutDiscount(cello, { newUserId: 'u', coupons: 'C' })
