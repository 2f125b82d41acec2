// The customer metadata Cello reads from Stripe and Chargebee webhooks
// (https://docs.cello.so/integrations/webhooks/stripe-webhook, https://docs.cello.so/integrations/webhooks/chargebee-webhook).
// Blank values are left out: Stripe rejects empty metadata values, and an empty cello_ucc would attribute nothing.
// Anything else is checked as attachReferralToStripeCustomer checks it: a cello_ucc that is not a
// referral code would attribute every payment of the customer to nothing, or to a code the user typed.
import * as z from 'zod/mini'
import { idSchema, parseInput, uccSchema } from '../client/schemas'

/** Input of {@link stripeCustomerMetadata} and {@link chargebeeCustomerMetadata}. */
export interface CustomerMetadataInput {
  /** The referral code, or null/undefined when the user was not referred. */
  ucc?: string | null
  /** Your user id: the same `productUserId` you use everywhere else with Cello. */
  newUserId: string
  /** For organization-level attribution. */
  organizationId?: string | null
}

/**
 * Stripe customer `metadata` keys Cello reads. A type alias, not an interface, so that it is
 * assignable to Stripe's `MetadataParam` (an index signature an interface would not satisfy).
 */
export type CelloCustomerMetadata = {
  cello_ucc?: string
  new_user_id?: string
  new_user_organization_id?: string
}

/** `null`, `undefined`, `''` and whitespace only: "none", left out of the metadata. */
const blankIsNone = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value

const inputSchema = z.object({
  ucc: z.pipe(z.transform(blankIsNone), z.optional(uccSchema)),
  newUserId: idSchema,
  organizationId: z.pipe(z.transform(blankIsNone), z.optional(idSchema)),
})

function metadata(input: CustomerMetadataInput, what: string): CelloCustomerMetadata {
  const { ucc, newUserId, organizationId } = parseInput(inputSchema, input, what)
  return {
    ...(ucc === undefined ? {} : { cello_ucc: ucc }),
    new_user_id: newUserId,
    ...(organizationId === undefined ? {} : { new_user_organization_id: organizationId }),
  }
}

/**
 * Metadata for `stripe.customers.create({ metadata })`, so Cello's Stripe webhook attributes the
 * customer's payments to the referral. A blank or missing `ucc` or `organizationId` is left out;
 * a `ucc` that is not a referral code (letters, digits, `-` and `_`, 1–255 characters), or an id
 * that is empty, padded with whitespace or holds a control character, throws a
 * `CelloValidationError` (code `validation_failed`) naming the field, as
 * `attachReferralToStripeCustomer` does.
 *
 * @example
 * await stripe.customers.create({ email, metadata: stripeCustomerMetadata({ ucc, newUserId: user.id }) })
 */
export function stripeCustomerMetadata(input: CustomerMetadataInput): CelloCustomerMetadata {
  return metadata(input, 'stripeCustomerMetadata')
}

/**
 * `meta_data` for `chargebee.customer.create({ meta_data })`, checked as {@link stripeCustomerMetadata}
 * checks its input. (Chargebee custom fields work too: map the same keys to your `cf_` fields.)
 */
export function chargebeeCustomerMetadata(input: CustomerMetadataInput): CelloCustomerMetadata {
  return metadata(input, 'chargebeeCustomerMetadata')
}
