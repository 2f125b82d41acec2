import { MAX_ID_LENGTH } from '../../shared/referralCode'
import { CelloValidationError } from '../client/CelloApiError'
import { hasControlCharacter } from '../client/schemas'
import { isMilestone } from '../client/buildMilestone'
import type { CelloAnyEventEnvelope } from '../client/types'

/**
 * The identity of a Cello event, from business ids, so that every attempt of one event (and every
 * instance that enqueues it) agrees on it:
 * - `new-signup:<newUserId>`, `demo-call-attended:<newUserId>`: once per new user (or organization),
 * - `invoice-paid:<invoiceId>`: once per paid invoice,
 * - `charge-refunded:<refundId>` when you give one (several partial refunds of one invoice), else
 *   `charge-refunded:<invoiceId>`,
 * - `milestone-reached:<trigger>:<productUserId>`: once per referrer and moment.
 *
 * `newUserId` is the id the event is attributed to (`payload.newUserId`). The key is what the outbox
 * stores as its primary key; Cello's v2 events will take it as their `Idempotency-Key`.
 */
export function celloEventKey(envelope: CelloAnyEventEnvelope, options: { refundId?: string } = {}): string {
  if (isMilestone(envelope))
    return `milestone-reached:${envelope.context.event.trigger}:${envelope.payload.productUserId}`
  const trigger = envelope.context.event.trigger
  const invoiceId = envelope.context.subscription?.invoiceId
  switch (trigger) {
    case 'new-signup':
    case 'demo-call-attended':
      return `${trigger}:${envelope.payload.newUserId}`
    case 'invoice-paid':
    case 'charge-refunded': {
      const id = trigger === 'charge-refunded' && options.refundId !== undefined ? options.refundId : invoiceId
      if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ID_LENGTH || hasControlCharacter(id)) {
        throw new CelloValidationError(`The ${trigger} event's key`, [
          {
            path: options.refundId !== undefined ? 'refundId' : 'subscription.invoiceId',
            message: `must be a non-empty id of at most ${MAX_ID_LENGTH} characters, without control characters (NUL, CR, LF…)`,
          },
        ])
      }
      return `${trigger}:${id}`
    }
  }
}

/**
 * The key of the event this one must follow, if any: a user's other events follow their
 * `new-signup`, and a refund follows its invoice's `invoice-paid`. The outbox does not send an event
 * while the one it follows is still queued, being sent or ambiguous, so Cello sees them in order.
 */
export function precedingKey(envelope: CelloAnyEventEnvelope): string | null {
  if (isMilestone(envelope)) return null // a referrer's moment follows none of their referrals' events
  const trigger = envelope.context.event.trigger
  if (trigger === 'new-signup') return null
  if (trigger === 'charge-refunded') return `invoice-paid:${envelope.context.subscription?.invoiceId}`
  return `new-signup:${envelope.payload.newUserId}`
}
