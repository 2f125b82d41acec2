// Retention and erasure, the parts every store shares: which fields of an event are personal data,
// whose event it is, and the checked arguments of prune and eraseUser.
import { CelloError } from '../../shared/CelloError'
import type { OutboxPruneOptions, OutboxState } from './CelloOutboxStore'
import { isMilestone } from '../client/buildMilestone'
import type { CelloAnyEventEnvelope } from '../client/types'

/**
 * The envelope without the person's email and name (`context.newUser.email`, `.name`). Ids stay:
 * the event's key is made of them, and Cello knows the user by them.
 */
export function withoutPersonalData<E extends CelloAnyEventEnvelope>(envelope: E): E
export function withoutPersonalData(envelope: CelloAnyEventEnvelope): CelloAnyEventEnvelope {
  if (isMilestone(envelope)) return envelope // ids only
  const newUser = envelope.context.newUser
  if (!newUser) return envelope
  const { email: _email, name: _name, ...rest } = newUser
  return { ...envelope, context: { ...envelope.context, newUser: rest } }
}

/** `true` while the envelope still carries an email or a name. */
export const hasPersonalData = (envelope: CelloAnyEventEnvelope) =>
  !isMilestone(envelope) &&
  (envelope.context.newUser?.email !== undefined || envelope.context.newUser?.name !== undefined)

/** `true` for an event about this user: the one it is attributed to, the person in it, or the referrer of a milestone. */
export const isEventOf = (envelope: CelloAnyEventEnvelope, productUserId: string) =>
  isMilestone(envelope)
    ? envelope.payload.productUserId === productUserId
    : envelope.payload.newUserId === productUserId || envelope.context.newUser?.id === productUserId

/** The states of an event not delivered nor given up: erasing its user stops it. */
export const UNSENT_STATES: readonly OutboxState[] = ['queued', 'sending', 'ambiguous', 'held']

function instant(value: unknown, name: string): number {
  const ms = value instanceof Date ? value.getTime() : value
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new CelloError('invalid_argument', `prune: ${name} must be a Date or milliseconds since the epoch.`)
  }
  return ms
}

/** prune's cut-off times in ms, checked. */
export function pruneCutoffs(options: OutboxPruneOptions): {
  deliveredBefore: number
  deadBefore: number
  decidedBefore: number
} {
  const deliveredBefore = instant(options?.deliveredBefore, 'deliveredBefore')
  return {
    deliveredBefore,
    deadBefore: options.deadBefore === undefined ? deliveredBefore : instant(options.deadBefore, 'deadBefore'),
    decidedBefore:
      options.decidedBefore === undefined ? deliveredBefore : instant(options.decidedBefore, 'decidedBefore'),
  }
}

/** eraseUser's argument, checked: an empty id would match nothing, and say nothing about why. */
export function erasedUserId(productUserId: unknown): string {
  if (typeof productUserId !== 'string' || productUserId === '') {
    throw new CelloError('invalid_argument', 'eraseUser: productUserId must be a non-empty string.')
  }
  return productUserId
}
