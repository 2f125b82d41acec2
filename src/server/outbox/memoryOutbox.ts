import { CelloError } from '../../shared/CelloError'
import { precedingKey } from './celloEventKey'
import type { CelloOutboxStore, ClaimedEvent, OutboxEvent, OutboxState } from './CelloOutboxStore'
import type { OutboxAttempt, SignupDecision } from '../../shared/bffContract'
import {
  attemptOf,
  DECISIONS_KEPT,
  decisionSubjects,
  explanation,
  isDecisionOf,
  isExplainedBy,
  isNewAttempt,
  tracedEvent,
  withAttempt,
} from './outboxTrace'
import {
  erasedUserId,
  hasPersonalData,
  isEventOf,
  pruneCutoffs,
  UNSENT_STATES,
  withoutPersonalData,
} from './withoutPersonalData'

/** Options of {@link memoryOutbox}. */
export interface MemoryOutboxOptions {
  /**
   * How many settled events (delivered or dead) it remembers; the oldest is forgotten first, and a
   * forgotten key can be enqueued again. It also bounds the signup decisions of the trace, besides
   * their 20 per user. @defaultValue 10000
   */
  maxSettled?: number
  /** The clock in ms, for tests. @defaultValue Date.now */
  now?: () => number
}

type Row = OutboxEvent & { leaseToken: string | null; leaseUntil: number; log: OutboxAttempt[] }

/**
 * The outbox's default store: in this process's memory. **Not durable**: a restart loses every
 * event not yet delivered, and each process has its own (two instances can each send a user's
 * `new-signup`). Use `postgresOutbox()` in production.
 */
export function memoryOutbox(options: MemoryOutboxOptions = {}): CelloOutboxStore {
  const { maxSettled = 10_000, now = Date.now } = options
  const rows = new Map<string, Row>()
  const settled: string[] = [] // keys of delivered/dead rows, oldest first
  const copy = ({ leaseToken: _t, leaseUntil: _u, log: _l, ...event }: Row): OutboxEvent => ({ ...event })
  let decisions: SignupDecision[] = [] // oldest first

  const forgetOldSettled = () => {
    while (settled.length > maxSettled) {
      const key = settled.shift()
      if (key === undefined) break
      const row = rows.get(key)
      if (row && (row.state === 'delivered' || row.state === 'dead')) rows.delete(key)
    }
  }

  return {
    async enqueue(entries, enqueueOptions) {
      if (enqueueOptions?.executor) {
        throw new CelloError(
          'invalid_argument',
          'memoryOutbox() cannot join your database transaction: use postgresOutbox() to enqueue inside one.',
        )
      }
      return entries.map(({ key, trigger, envelope }) => {
        if (rows.has(key)) return false
        const at = now()
        rows.set(key, {
          key,
          trigger,
          envelope: structuredClone(envelope),
          state: 'queued',
          attempts: 0,
          uncertain: false,
          reason: null,
          requestId: null,
          lastStatus: null,
          createdAt: at,
          updatedAt: at,
          nextAttemptAt: at,
          deliveredAt: null,
          leaseToken: null,
          leaseUntil: 0,
          log: [],
        })
        return true
      })
    },
    async claim({ limit, leaseMs, keys }) {
      const at = now()
      const candidates = keys
        ? keys.map((key) => rows.get(key)).filter((row): row is Row => row !== undefined)
        : [...rows.values()]
      const inFlight = (key: string | null) => {
        const state = key === null ? undefined : rows.get(key)?.state
        return state === 'queued' || state === 'sending' || state === 'ambiguous'
      }
      const due = candidates
        .filter(
          (row) =>
            ((row.state === 'queued' || row.state === 'ambiguous') && row.nextAttemptAt <= at) ||
            (row.state === 'sending' && row.leaseUntil <= at),
        )
        .filter((row) => !inFlight(precedingKey(row.envelope)))
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
        .slice(0, limit)
      return due.map((row): ClaimedEvent => {
        row.uncertain ||= row.state === 'sending' || row.state === 'ambiguous'
        row.state = 'sending'
        row.attempts += 1
        row.leaseToken = crypto.randomUUID()
        row.leaseUntil = at + leaseMs
        row.updatedAt = at
        return { ...copy(row), leaseToken: row.leaseToken, ageMs: at - row.createdAt }
      })
    },
    async settle(settlements) {
      const at = now()
      const done: string[] = []
      for (const s of settlements) {
        const row = rows.get(s.key)
        if (!row) continue
        const ours = row.leaseToken === s.leaseToken && (row.state === 'sending' || row.state === s.state)
        const lateFact =
          s.state === 'delivered' &&
          s.confirmed === true &&
          (row.state === 'held' || row.state === 'ambiguous' || row.state === 'queued')
        if (!ours && !lateFact) continue
        if (isNewAttempt(row.state, s)) row.log = withAttempt(row.log, attemptOf(s, at))
        const wasDelivered = row.state === 'delivered'
        const wasSettled = wasDelivered || row.state === 'dead'
        Object.assign(row, {
          state: s.state,
          uncertain: s.uncertain,
          reason: s.reason ?? null,
          requestId: s.requestId ?? null,
          lastStatus: s.status ?? null,
          nextAttemptAt: at + (s.retryInMs ?? 0),
          updatedAt: at,
          leaseUntil: 0,
          deliveredAt: s.state === 'delivered' && !wasDelivered ? at : row.deliveredAt,
        })
        // The same rules as postgresOutbox's settle: the token stays until the next claim.
        if ((s.state === 'delivered' || s.state === 'dead') && !wasSettled) settled.push(s.key)
        done.push(s.key)
      }
      forgetOldSettled()
      return done
    },
    async get(key) {
      const row = rows.get(key)
      return row ? copy(row) : null
    },
    async list(filter = {}) {
      const states = filter.states ? new Set<OutboxState>(filter.states) : null
      return [...rows.values()]
        .filter((row) => !states || states.has(row.state))
        .sort((a, b) => (filter.order === 'newest' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt))
        .slice(0, filter.limit ?? 100)
        .map(copy)
    },
    async resolve(key, to, reason) {
      const row = rows.get(key)
      if (!row || row.state === 'sending') return false
      const at = now()
      Object.assign(row, {
        state: to,
        reason,
        updatedAt: at,
        nextAttemptAt: at,
        uncertain: to === 'queued' ? false : row.uncertain,
        deliveredAt: to === 'delivered' ? at : row.deliveredAt,
      })
      if (to !== 'queued') settled.push(key)
      forgetOldSettled()
      return true
    },
    async prune(pruneOptions) {
      const { deliveredBefore, deadBefore, decidedBefore } = pruneCutoffs(pruneOptions)
      decisions = decisions.filter((decision) => decision.at >= decidedBefore)
      let pruned = 0
      for (const row of rows.values()) {
        const old =
          (row.state === 'delivered' && (row.deliveredAt ?? Infinity) < deliveredBefore) ||
          (row.state === 'dead' && row.updatedAt < deadBefore)
        if (!old || !hasPersonalData(row.envelope)) continue
        row.envelope = withoutPersonalData(row.envelope)
        pruned += 1
      }
      return pruned
    },
    async eraseUser(productUserId) {
      const id = erasedUserId(productUserId)
      const at = now()
      const kept = decisions.filter((decision) => !isDecisionOf(decision, [id]))
      const result = { erased: 0, cancelled: 0, decisions: decisions.length - kept.length }
      decisions = kept
      for (const row of rows.values()) {
        const unsent = UNSENT_STATES.includes(row.state)
        if (!isEventOf(row.envelope, id) || (!unsent && !hasPersonalData(row.envelope))) continue
        row.envelope = withoutPersonalData(row.envelope)
        result.erased += 1
        if (!unsent) continue
        // A drainer sending it now loses its lease: its outcome changes nothing.
        row.state = 'dead'
        row.reason = 'erased'
        row.leaseToken = null
        row.leaseUntil = 0
        row.updatedAt = at
        settled.push(row.key)
        result.cancelled += 1
      }
      forgetOldSettled()
      return result
    },
    async recordDecision(decision) {
      const mine = decisions.filter((d) => d.userId === decision.userId)
      const dropped = new Set(mine.slice(0, Math.max(0, mine.length - DECISIONS_KEPT + 1)))
      decisions = decisions.filter((d) => !dropped.has(d))
      decisions.push({ ...decision, at: now() })
      if (decisions.length > maxSettled) decisions = decisions.slice(-maxSettled)
    },
    async explain(subject) {
      const found = [...rows.values()].filter((row) => isExplainedBy(row, subject))
      const ids = decisionSubjects(subject, found)
      return explanation(
        subject,
        decisions.filter((decision) => isDecisionOf(decision, ids)).map((decision) => ({ ...decision })),
        found.map((row) => tracedEvent(row, row.log)),
      )
    },
  }
}
