// Cello asks to check the new user's eligibility with its New User Reward API before the coupon
// goes on the Stripe Checkout Session (`discounts`) or the Chargebee subscription (`coupon_ids`),
// "not afterward" (https://docs.cello.so/attribution/apply-discounts). The coupon itself is the
// app's: Cello's campaign settings only describe it (https://docs.cello.so/guides/user-experience/new-user-discounts).
import { isValidUcc } from '../../shared/referralCode'
import type { CelloClient } from '../client/CelloClient'
import type { CallOptions, RewardEligibility } from '../client/types'

/** The new-user reward Cello reports for an eligible user, with the campaign it comes from. */
export type CelloNewUserDiscount = NonNullable<RewardEligibility['reward']> & {
  /** Cello's campaign, when it says which (one coupon per campaign, say). */
  campaignId?: string
  /** The code Cello recorded for the user's signup. */
  referralUcc?: string
}

/**
 * Your coupon for Cello's reward: one coupon id for every eligible user, or a function from the
 * reward (percentage, months, campaign) to a coupon id; `null` or `undefined` means "no coupon
 * for this reward" (refused with `no_coupon`).
 */
export type CelloCouponMapping = string | ((reward: CelloNewUserDiscount) => string | null | undefined)

/** Input of {@link celloCheckoutDiscount}. */
export interface CheckoutDiscountInput {
  /** Your user id: the `productUserId` the signup was reported with. */
  newUserId: string
  /**
   * Whether the customer already has (or had) a subscription. Required: the new-user discount is
   * for the first purchase, so a customer with a subscription is refused (`subscription_exists`)
   * before Cello is asked.
   */
  hasSubscription: boolean
  /**
   * The referral code the user came with, when you have it: it is checked with Cello
   * (`invalid_code`) and against the user's own id (`self_referral`) before the reward is read.
   */
  ucc?: string | null
  /** Your coupon id(s) for Cello's reward. */
  coupons: CelloCouponMapping
}

/** Why {@link celloCheckoutDiscount} gives no discount. */
export type CheckoutDiscountRefusal =
  /** `hasSubscription` was true: the discount is for a first purchase. */
  | 'subscription_exists'
  /** Cello says the user gets no new-user reward (no referred signup, or the code came too late). */
  | 'not_eligible'
  /** The code is not a referral code, or Cello does not know it. */
  | 'invalid_code'
  /** The code is the user's own (Cello says its referrer is `newUserId`). */
  | 'self_referral'
  /** Your `coupons` mapping has no coupon for this reward. */
  | 'no_coupon'

/** What {@link celloCheckoutDiscount} decided. */
export type CheckoutDiscountResult =
  | {
      status: 'apply'
      /** Your coupon id. */
      coupon: string
      /** Cello's reward it stands for. */
      reward: CelloNewUserDiscount
      /** Spread into `stripe.checkout.sessions.create(…)`. */
      stripe: { discounts: [{ coupon: string }] }
      /** Spread into Chargebee's `subscription.create…(…)` (or the hosted-page checkout). */
      chargebee: { coupon_ids: [string] }
    }
  | { status: 'refused'; code: CheckoutDiscountRefusal; message: string }

const MESSAGES: Record<CheckoutDiscountRefusal, string> = {
  subscription_exists: 'The customer already has a subscription: the new-user discount is for the first purchase.',
  not_eligible: 'Cello reports no new-user reward for this user.',
  invalid_code: 'The referral code is not one Cello knows.',
  self_referral: 'The referral code belongs to the user themselves.',
  no_coupon: 'The coupons mapping has no coupon for this reward.',
}
const refuse = (code: CheckoutDiscountRefusal): CheckoutDiscountResult => ({
  status: 'refused',
  code,
  message: MESSAGES[code],
})

/**
 * Decides the new-user discount for a checkout: asks Cello whether the user is eligible
 * (`GET /new-users/{productUserId}/reward`) and maps the reward to your coupon, ready for Stripe
 * Checkout's `discounts` or Chargebee's `coupon_ids`. Call it when you create the checkout, never
 * after the payment (https://docs.cello.so/attribution/apply-discounts). Refusals are values
 * with a `code`; a failed call to Cello is thrown (a `CelloApiError`): create the checkout without
 * the discount, or retry.
 *
 * @see https://docs.cello.so/api-reference/new-users/get-reward
 * @example
 * const discount = await celloCheckoutDiscount(cello, { newUserId: user.id, hasSubscription: false, coupons: 'CELLO50' })
 * await stripe.checkout.sessions.create({ mode: 'subscription', ...(discount.status === 'apply' ? discount.stripe : {}), … })
 */
export async function celloCheckoutDiscount(
  cello: Pick<CelloClient, 'getNewUserReward' | 'validateReferralCode'>,
  input: CheckoutDiscountInput,
  options: CallOptions = {},
): Promise<CheckoutDiscountResult> {
  if (input.hasSubscription !== false) return refuse('subscription_exists')
  const ucc = input.ucc ?? null
  if (ucc !== null) {
    if (!isValidUcc(ucc)) return refuse('invalid_code')
    const code = await cello.validateReferralCode(ucc, options)
    if (!code.valid) return refuse('invalid_code')
    if (code.productUserId === input.newUserId) return refuse('self_referral')
  }
  const eligibility = await cello.getNewUserReward(input.newUserId, options)
  if (!eligibility.eligible || !eligibility.reward) return refuse('not_eligible')
  const reward: CelloNewUserDiscount = {
    ...eligibility.reward,
    ...(eligibility.campaignId === undefined ? {} : { campaignId: eligibility.campaignId }),
    ...(eligibility.referralUcc === undefined ? {} : { referralUcc: eligibility.referralUcc }),
  }
  const coupon = typeof input.coupons === 'function' ? input.coupons(reward) : input.coupons
  if (typeof coupon !== 'string' || coupon.trim() === '') return refuse('no_coupon')
  return {
    status: 'apply',
    coupon,
    reward,
    stripe: { discounts: [{ coupon }] },
    chargebee: { coupon_ids: [coupon] },
  }
}
