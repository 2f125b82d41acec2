// A refund cannot return more than was paid, nor in another currency (issue 20). The outbox knows
// what was paid when it recorded the invoice's `invoice-paid`: the event a refund waits for
// (precedingKey), so its key is known without a search.
import { isMilestone } from '../client/buildMilestone'
import { CelloValidationError, type CelloValidationIssue } from '../client/CelloApiError'
import type { CelloOutboxStore, StoreEnqueueOptions } from '../outbox/CelloOutboxStore'
import { precedingKey } from '../outbox/celloEventKey'
import type { CelloEventEnvelope } from '../client/types'

/**
 * Refuses a `charge-refunded` envelope, with a `CelloValidationError` naming `currency` or `price`,
 * when `store` holds its invoice's `invoice-paid` in another currency or for less than the refund.
 * Does nothing for other triggers, or when the payment is not in the outbox (reported by Stripe's
 * webhook, recorded elsewhere, or in another transaction not committed yet). Reads through
 * `options.executor` when the refund is enqueued in the caller's transaction: a read beside it
 * would wait for that transaction's lock on a one-connection database (PGlite) and never return.
 */
export async function checkRefundAgainstPayment(
  store: CelloOutboxStore,
  envelope: CelloEventEnvelope,
  options: StoreEnqueueOptions = {},
): Promise<void> {
  if (envelope.context.event.trigger !== 'charge-refunded') return
  const key = precedingKey(envelope)
  const paid = key === null ? null : await store.get(key, options)
  if (!paid) return
  const refund = envelope.payload
  if (isMilestone(paid.envelope)) return // never: an invoice-paid key holds an invoice-paid event
  const { price, currency } = paid.envelope.payload
  const issues: CelloValidationIssue[] = []
  if (currency !== refund.currency) {
    issues.push({
      path: 'currency',
      message: `must be ${currency}, the currency of the payment it refunds (the outbox's ${key})`,
    })
  } else if (price !== undefined && refund.price !== undefined && refund.price > price) {
    issues.push({
      path: 'price',
      message: `must be at most ${price} ${currency}, what was paid (the outbox's ${key})`,
    })
  }
  if (issues.length > 0) throw new CelloValidationError('The charge-refunded event', issues)
}
