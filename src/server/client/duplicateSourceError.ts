// Which side reports signups and purchases to Cello: your API calls, or Cello's own Stripe or
// Chargebee webhook. When the webhook does, the same event sent through the API is counted twice
// (https://docs.cello.so/integrations/webhooks/stripe-webhook,
// https://docs.cello.so/integrations/webhooks/chargebee-webhook).
import * as z from 'zod/mini'
import { CelloError, type CelloServerErrorCode } from '../../shared/CelloError'
import type { CelloEventTrigger } from './types'

/** Who reports an event to Cello: your calls to its API, or Cello's Stripe or Chargebee webhook. */
export type CelloEventSource = 'api' | 'stripe' | 'chargebee'

/** The `sources` option of `createCelloClient`: who reports signups and purchases to Cello. */
export interface CelloSources {
  /**
   * Who reports `invoice-paid` and `charge-refunded`. `'stripe'` or `'chargebee'` when Cello's
   * webhook for it is connected: the client then refuses to send those events.
   * @defaultValue 'api'
   */
  purchases?: CelloEventSource
  /**
   * Who reports `new-signup`. `'stripe'` or `'chargebee'` when you create the customer at signup
   * with the referral in its metadata: the webhook's customer-created event is the signup, and the
   * client refuses to send `new-signup`.
   * @defaultValue 'api'
   */
  signups?: CelloEventSource
}

/** The sources a client resolved, defaults filled in (`client.sources`). */
export type ResolvedCelloSources = Readonly<Required<CelloSources>>

const source = z.enum(['api', 'stripe', 'chargebee'], 'must be "api", "stripe" or "chargebee"')
/** Validates the `sources` option: unknown sources and unknown keys are refused, naming the field. */
export const sourcesSchema = z.strictObject(
  { purchases: z.optional(source), signups: z.optional(source) },
  'must be an object',
)

const webhooks = {
  stripe: {
    name: 'Stripe',
    url: 'https://docs.cello.so/integrations/webhooks/stripe-webhook',
    purchases: 'invoice.paid and charge.refunded',
    signups: 'customer.created',
    helper: 'stripeCustomerMetadata',
  },
  chargebee: {
    name: 'Chargebee',
    url: 'https://docs.cello.so/integrations/webhooks/chargebee-webhook',
    purchases: 'Payment Succeeded and Payment Refunded',
    signups: 'Customer Created',
    helper: 'chargebeeCustomerMetadata',
  },
} as const

/**
 * The `duplicate_source` error for an event the webhook already reports, or `undefined` when the
 * event may be sent. Shared by the client and anything that queues events for it.
 */
export function duplicateSourceError(
  sources: ResolvedCelloSources,
  trigger: CelloEventTrigger,
): CelloError<CelloServerErrorCode> | undefined {
  const kind =
    trigger === 'new-signup'
      ? 'signups'
      : trigger === 'invoice-paid' || trigger === 'charge-refunded'
        ? 'purchases'
        : undefined
  const from = kind && sources[kind]
  if (!kind || !from || from === 'api') return undefined
  const hook = webhooks[from]
  const why = `"${trigger}" was not sent: sources.${kind} is '${from}', so Cello counts ${kind === 'signups' ? 'the signup' : 'the purchase'} from its ${hook.name} webhook (${hook[kind]}; ${hook.url}), and sending it through the API as well would count it twice.`
  const fix =
    kind === 'purchases'
      ? ` Put the referral on the ${hook.name} customer's metadata with ${hook.helper}() and let the webhook report payments; set sources.purchases to 'api' only if Cello's ${hook.name} webhook is not connected.`
      : ` Create the ${hook.name} customer at signup with ${hook.helper}() in its metadata; if customers are created only at purchase, set sources.signups to 'api' and report signups with trackSignup.`
  return new CelloError<CelloServerErrorCode>('duplicate_source', why + fix)
}
