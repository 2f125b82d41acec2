// The outbox's trace, the parts every store shares: how many attempts and decisions it keeps, what
// one attempt records, and an event as `explain` shows it (without the envelope's personal data).
import { isMilestone } from '../client/buildMilestone'
import type { OutboxAttempt, OutboxExplanation, SignupDecision, TracedEvent } from '../../shared/bffContract'
import type { OutboxEvent, OutboxSettlement } from './CelloOutboxStore'
import { isEventOf } from './withoutPersonalData'

/** Attempts kept per event (the newest). */
export const ATTEMPTS_KEPT = 20
/** Signup decisions kept per user (the newest). */
export const DECISIONS_KEPT = 20

/**
 * Whether a settlement over a row now in `state` is a new attempt for the trace: the first outcome
 * of a claim (the row is `sending`), or a confirmed delivery landing late on a held, ambiguous or
 * queued row. A retried settle whose first try was recorded finds its own state there: not again.
 */
export const isNewAttempt = (state: OutboxEvent['state'], settlement: OutboxSettlement) =>
  state === 'sending' || state !== settlement.state

/** The trace entry of a settlement recorded at `at`. */
export const attemptOf = (settlement: OutboxSettlement, at: number): OutboxAttempt => ({
  at,
  state: settlement.state,
  status: settlement.status ?? null,
  requestId: settlement.requestId ?? null,
  reason: settlement.reason ?? null,
})

/** `log` with `attempt` appended, the oldest dropped beyond {@link ATTEMPTS_KEPT}. */
export const withAttempt = (log: readonly OutboxAttempt[], attempt: OutboxAttempt): OutboxAttempt[] =>
  [...log, attempt].slice(-ATTEMPTS_KEPT)

/** An event as the trace shows it: its ids, code, state and attempts; no email, no name. */
export function tracedEvent(event: OutboxEvent, attempts: readonly OutboxAttempt[]): TracedEvent {
  return {
    key: event.key,
    trigger: event.trigger,
    state: event.state,
    newUserId: isMilestone(event.envelope) ? event.envelope.payload.productUserId : event.envelope.payload.newUserId,
    code: isMilestone(event.envelope) ? null : event.envelope.payload.ucc,
    uncertain: event.uncertain,
    attemptCount: event.attempts,
    reason: event.reason,
    requestId: event.requestId,
    lastStatus: event.lastStatus,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
    nextAttemptAt: event.nextAttemptAt,
    deliveredAt: event.deliveredAt,
    attempts: attempts.map((attempt) => ({ ...attempt })),
  }
}

/**
 * The ids whose decisions `explain(subject)` shows: the subject itself, and, when it is an event's
 * key, the ids that event is about (its `newUserId` and `newUser.id`).
 */
export function decisionSubjects(subject: string, events: readonly OutboxEvent[]): string[] {
  const ids = new Set([subject])
  for (const event of events) {
    if (event.key !== subject) continue
    if (isMilestone(event.envelope)) {
      ids.add(event.envelope.payload.productUserId)
      continue
    }
    ids.add(event.envelope.payload.newUserId)
    const person = event.envelope.context.newUser?.id
    if (person) ids.add(person)
  }
  return [...ids]
}

/** `true` for a decision about one of `ids` (the user who reported, or what the signup names). */
export const isDecisionOf = (decision: SignupDecision, ids: readonly string[]) =>
  ids.includes(decision.userId) || (decision.newUserId !== null && ids.includes(decision.newUserId))

/** `true` for the event `explain(subject)` shows: under that key, or about that user. */
export const isExplainedBy = (event: OutboxEvent, subject: string) =>
  event.key === subject || isEventOf(event.envelope, subject)

/** The explanation, sorted oldest first. */
export const explanation = (
  subject: string,
  decisions: readonly SignupDecision[],
  events: readonly TracedEvent[],
): OutboxExplanation => ({
  subject,
  decisions: [...decisions].sort((a, b) => a.at - b.at),
  events: [...events].sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1)),
})
