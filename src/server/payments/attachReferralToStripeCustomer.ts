// Puts a referral on a Stripe customer that already exists, before its first payment: Cello reads
// cello_ucc / new_user_id from the customer when Stripe sends invoice.paid
// (https://docs.cello.so/integrations/webhooks/stripe-webhook), and a cello_ucc added after the
// first invoice.paid is not eligible (https://docs.cello.so/api-reference/new-users/get-reward).
import * as z from 'zod/mini'
import { CelloError, type CelloServerErrorCode } from '../../shared/CelloError'
import { stripeCustomerMetadata, type CelloCustomerMetadata, type CustomerMetadataInput } from './paymentMetadata'
import { idSchema, parseInput, uccSchema } from '../client/schemas'

/**
 * The part of a Stripe client that {@link attachReferralToStripeCustomer} uses. `new Stripe(key)`
 * from the `stripe` package fits it; so does a small fake in tests.
 */
export interface StripeCustomerClient {
  customers: {
    retrieve(id: string): PromiseLike<{ id: string; deleted?: unknown; metadata?: Record<string, string> }>
    update(
      id: string,
      params: { metadata: Record<string, string> },
      options?: { idempotencyKey?: string },
    ): PromiseLike<unknown>
  }
  invoices: {
    list(params: { customer: string; status: 'paid'; limit: number }): PromiseLike<{ data: readonly unknown[] }>
  }
}

/** Input of {@link attachReferralToStripeCustomer}. */
export interface AttachReferralInput extends CustomerMetadataInput {
  /** The referral code (from `getUcc()`, the `cello-referral` cookie or `readReferral`). */
  ucc: string
  /**
   * Replace a different referral the customer already holds (Cello keys this call does not set
   * are removed). Without it, that case is a `referral_conflict` error and nothing changes.
   * @defaultValue false
   */
  overwrite?: boolean
  /**
   * Sent as Stripe's `Idempotency-Key` with the update, so that two calls racing with the same key
   * (a webhook delivered twice at once) change the customer once. Stripe keeps a key for 24 hours.
   */
  idempotencyKey?: string
}

/** What {@link attachReferralToStripeCustomer} did. */
export interface AttachReferralResult {
  /** `false` when the customer already held exactly these values, so nothing was sent to Stripe. */
  updated: boolean
  /** The Cello keys the customer holds now. */
  metadata: CelloCustomerMetadata
}

const inputSchema = z.object({
  customerId: idSchema,
  ucc: uccSchema,
  newUserId: idSchema,
  organizationId: z.nullish(idSchema),
  overwrite: z.optional(z.boolean('must be a boolean')),
  idempotencyKey: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
})

const KEYS = ['cello_ucc', 'new_user_id', 'new_user_organization_id'] as const

const fail = (code: CelloServerErrorCode, message: string, cause?: unknown) =>
  new CelloError<CelloServerErrorCode>(code, message, { cause })

/**
 * Adds the referral (`cello_ucc`, `new_user_id`, `new_user_organization_id`) to an existing Stripe
 * customer's metadata, before its first paid invoice, so that Cello's Stripe webhook rewards its
 * payments. Stripe merges metadata keys: the customer's other keys are kept.
 *
 * It refuses, changing nothing, with a {@link CelloError} whose code is `customer_deleted` (the
 * customer is deleted), `referral_conflict` (the customer already holds different Cello values;
 * pass `overwrite: true` to replace them) or `referral_too_late` (the customer already has a paid
 * invoice: Cello does not reward a `cello_ucc` added after the first `invoice.paid`,
 * https://docs.cello.so/api-reference/new-users/get-reward). Bad input is a `CelloValidationError`;
 * Stripe's own errors are passed through.
 *
 * @example
 * import Stripe from 'stripe'
 * const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)
 * // At signup, the customer was created without a referral; the user enters a code later:
 * await attachReferralToStripeCustomer(stripe, user.stripeCustomerId, { ucc, newUserId: user.id })
 */
export async function attachReferralToStripeCustomer(
  stripe: StripeCustomerClient,
  customerId: string,
  input: AttachReferralInput,
): Promise<AttachReferralResult> {
  const checked = parseInput(inputSchema, { ...input, customerId }, 'attachReferralToStripeCustomer')
  const id = checked.customerId
  const wanted = stripeCustomerMetadata(checked)

  const customer = await stripe.customers.retrieve(id)
  if (customer.deleted === true) {
    throw fail(
      'customer_deleted',
      `Stripe customer ${id} is deleted, so Cello's Stripe webhook will never see a payment from it. Attach the referral to the customer the user pays with, or create one with stripeCustomerMetadata() in its metadata.`,
    )
  }
  const held: CelloCustomerMetadata = {}
  for (const key of KEYS) if (customer.metadata?.[key]) held[key] = customer.metadata[key]

  const changed = KEYS.filter((key) => held[key] !== undefined && held[key] !== wanted[key])
  if (changed.length > 0 && !checked.overwrite) {
    const what = changed
      .map((key) => `${key} "${held[key]}"${wanted[key] === undefined ? '' : ` (not "${wanted[key]}")`}`)
      .join(', ')
    throw fail(
      'referral_conflict',
      `Stripe customer ${id} already holds a different referral: ${what}. Nothing was changed, because replacing it would move the customer's rewards to another referral. Pass overwrite: true to replace it.`,
      { customerId: id, held },
    )
  }
  if (KEYS.every((key) => held[key] === wanted[key])) return { updated: false, metadata: wanted }

  const paid = await stripe.invoices.list({ customer: id, status: 'paid', limit: 1 })
  if (paid.data.length > 0) {
    throw fail(
      'referral_too_late',
      `Stripe customer ${id} already has a paid invoice, and Cello does not reward a referral whose cello_ucc was added after the customer's first invoice.paid (https://docs.cello.so/api-reference/new-users/get-reward). Nothing was changed. Put the referral on the customer before its first payment: at signup or checkout, with stripeCustomerMetadata().`,
      { customerId: id },
    )
  }

  // Stripe merges metadata: keys not sent are kept, and an empty value removes a key.
  const metadata: Record<string, string> = { ...wanted }
  for (const key of changed) if (wanted[key] === undefined) metadata[key] = ''
  if (checked.idempotencyKey === undefined) await stripe.customers.update(id, { metadata })
  else await stripe.customers.update(id, { metadata }, { idempotencyKey: checked.idempotencyKey })
  return { updated: true, metadata: wanted }
}
