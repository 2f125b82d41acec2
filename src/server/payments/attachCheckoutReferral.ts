// A customer that Stripe Checkout or a Payment Link creates cannot carry Cello's metadata at
// creation (a Checkout Session has no customer metadata), so the code rides on the session and is
// put on the customer when `checkout.session.completed` arrives: once, however often Stripe
// delivers that event (https://docs.stripe.com/webhooks#handle-duplicate-events).
import { isCelloError, type CelloError, type CelloServerErrorCode } from '../../shared/CelloError'
import { isValidUcc } from '../../shared/referralCode'
import type { CelloCustomerMetadata } from './paymentMetadata'
import { attachReferralToStripeCustomer, type StripeCustomerClient } from './attachReferralToStripeCustomer'

/** The fields of a Stripe Checkout Session that {@link attachCheckoutReferral} reads; `Stripe.Checkout.Session` fits. */
export interface CheckoutSessionLike {
  id: string
  customer: string | { id: string } | null
  client_reference_id: string | null
  metadata: Record<string, string> | null
}

/** Options of {@link attachCheckoutReferral}. */
export interface CheckoutReferralOptions {
  /**
   * Where the code is: `'metadata'` (`cello_ucc`, with `new_user_id` and `new_user_organization_id`,
   * as `stripeCustomerMetadata()` put them on the session you created) or `'client_reference_id'`
   * (a Payment Link opened with `?client_reference_id=<code>`, the one value such a link takes
   * from its URL). @defaultValue 'metadata'
   */
  uccIn?: 'metadata' | 'client_reference_id'
  /** Your user id, when the session's metadata holds no `new_user_id` (a Payment Link). */
  newUserId?: string
  /** Your organization id, for organization-level attribution, when the metadata holds none. */
  organizationId?: string
}

/** The refusals of `attachReferralToStripeCustomer`, returned here as values: retrying changes nothing. */
type Refusal = 'customer_deleted' | 'referral_conflict' | 'referral_too_late'

/** What {@link attachCheckoutReferral} did with one delivery of `checkout.session.completed`. */
export type CheckoutReferralResult =
  /** The customer now holds the referral. */
  | { status: 'attached'; customerId: string; metadata: CelloCustomerMetadata }
  /** The customer already held exactly this referral (a repeated delivery): nothing was sent to Stripe. */
  | { status: 'unchanged'; customerId: string; metadata: CelloCustomerMetadata }
  /** Nothing to attach: no valid code on the session, or no customer (a guest payment). */
  | { status: 'skipped'; reason: 'no_referral' | 'no_customer' }
  /** Stripe's customer refuses it; `error` says why (its `code` is the reason). Nothing was changed. */
  | { status: 'refused'; customerId: string; reason: Refusal; error: CelloError<CelloServerErrorCode> }

const REFUSALS: readonly string[] = ['customer_deleted', 'referral_conflict', 'referral_too_late'] satisfies Refusal[]
const isRefusal = (code: string): code is Refusal => REFUSALS.includes(code)

/**
 * Puts the referral a Checkout Session carries on the customer Checkout created, from your
 * `checkout.session.completed` webhook, with `attachReferralToStripeCustomer` (which Cello's Stripe
 * webhook then reads, https://docs.cello.so/integrations/webhooks/stripe-webhook). Safe to run on
 * every delivery of the event: a repeated one finds the referral there and sends nothing
 * (`unchanged`), two racing ones update the customer once (the session id is the update's Stripe
 * idempotency key), and a customer that meanwhile holds another referral is never overwritten
 * (`refused`, `referral_conflict`). A customer with a paid invoice is `refused` with
 * `referral_too_late`: Cello does not reward a code added after the first `invoice.paid`
 * (https://docs.cello.so/api-reference/new-users/get-reward), so for subscriptions create the
 * customer before Checkout (docs/hops.md#stripe-checkout-and-payment-links). Refusals and skips are
 * values: answer Stripe 2xx for them. Stripe's own errors are thrown, so that Stripe retries.
 *
 * @example
 * if (event.type === 'checkout.session.completed') await attachCheckoutReferral(stripe, event.data.object)
 */
export async function attachCheckoutReferral(
  stripe: StripeCustomerClient,
  session: CheckoutSessionLike,
  options: CheckoutReferralOptions = {},
): Promise<CheckoutReferralResult> {
  const metadata = session.metadata ?? {}
  const ucc = options.uccIn === 'client_reference_id' ? session.client_reference_id : metadata.cello_ucc
  if (!isValidUcc(ucc)) return { status: 'skipped', reason: 'no_referral' }
  const customer = session.customer
  const customerId = typeof customer === 'string' ? customer : (customer?.id ?? null)
  if (customerId === null) return { status: 'skipped', reason: 'no_customer' }
  const newUserId = metadata.new_user_id ?? options.newUserId
  const organizationId = metadata.new_user_organization_id ?? options.organizationId
  try {
    const { updated, metadata: held } = await attachReferralToStripeCustomer(stripe, customerId, {
      ucc,
      // Checked there: a missing one is a CelloValidationError naming newUserId.
      newUserId: newUserId ?? '',
      ...(organizationId === undefined ? {} : { organizationId }),
      idempotencyKey: `cello-checkout-referral:${session.id}`,
    })
    return { status: updated ? 'attached' : 'unchanged', customerId, metadata: held }
  } catch (error) {
    if (isCelloError<CelloServerErrorCode>(error) && isRefusal(error.code))
      return { status: 'refused', customerId, reason: error.code, error }
    throw error
  }
}
