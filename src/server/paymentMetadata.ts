// The customer metadata Cello reads from Stripe and Chargebee webhooks
// (https://docs.cello.so/integrations/webhooks/stripe-webhook, https://docs.cello.so/integrations/webhooks/chargebee-webhook).
// Blank values are left out: Stripe rejects empty metadata values, and an empty cello_ucc would attribute nothing.

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

const clean = (value: string | null | undefined) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function metadata(input: CustomerMetadataInput): CelloCustomerMetadata {
  const out: CelloCustomerMetadata = {}
  const ucc = clean(input.ucc)
  const newUserId = clean(input.newUserId)
  const organizationId = clean(input.organizationId)
  if (ucc) out.cello_ucc = ucc
  if (newUserId) out.new_user_id = newUserId
  if (organizationId) out.new_user_organization_id = organizationId
  return out
}

/**
 * Metadata for `stripe.customers.create({ metadata })`, so Cello's Stripe webhook attributes the
 * customer's payments to the referral.
 *
 * @example
 * await stripe.customers.create({ email, metadata: stripeCustomerMetadata({ ucc, newUserId: user.id }) })
 */
export function stripeCustomerMetadata(input: CustomerMetadataInput): CelloCustomerMetadata {
  return metadata(input)
}

/**
 * `meta_data` for `chargebee.customer.create({ meta_data })`. (Chargebee custom fields work too:
 * map the same keys to your `cf_` fields.)
 */
export function chargebeeCustomerMetadata(input: CustomerMetadataInput): CelloCustomerMetadata {
  return metadata(input)
}
