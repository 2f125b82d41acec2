// The trace on PostgreSQL: signup decisions in `<table>_decisions` (the last DECISIONS_KEPT per
// user, trimmed by the insert's own statement), and explain, which reads an event's attempts from
// its `attempt_log` (written by settle, in postgresOutbox.ts).
import type { OutboxAttempt, SignupDecision, SignupDecisionReason } from '../../shared/bffContract'
import type { CelloOutboxStore, OutboxEvent } from './CelloOutboxStore'
import { DECISIONS_KEPT, decisionSubjects, explanation, tracedEvent } from './outboxTrace'

/** The table of the trace's signup decisions, beside the outbox's `table`: `<table>_decisions`. */
export const decisionsTableOf = (table: string) => `${table}_decisions`

type Query = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>

/** How the outbox's rows are read: its select list and the row → event mapping. */
interface RowReader {
  columns: string
  toEvent: (row: Record<string, unknown>) => OutboxEvent
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null)
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))
const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

const OUTCOMES = ['reported', 'queued', 'refused'] as const
const REASONS: readonly SignupDecisionReason[] = [
  'no_referral',
  'invalid_code',
  'self_referral',
  'refused',
  'webhook_source',
  'not_new_user',
]
const STATES: readonly OutboxAttempt['state'][] = ['queued', 'ambiguous', 'delivered', 'held', 'dead']

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | null =>
  values.find((v) => v === value) ?? null

/** The attempts in an `attempt_log` (jsonb, or its text), each field checked: what is not one is left out. */
function attemptsOf(value: unknown): OutboxAttempt[] {
  const log = parsed(value)
  if (!Array.isArray(log)) return []
  return log.flatMap((entry: unknown): OutboxAttempt[] => {
    if (typeof entry !== 'object' || entry === null) return []
    const e: Record<string, unknown> = { ...entry }
    const state = oneOf(STATES, e.state)
    if (state === null || typeof e.at !== 'number') return []
    return [
      {
        at: e.at,
        state,
        status: numberOrNull(e.status),
        requestId: textOrNull(e.requestId),
        reason: textOrNull(e.reason),
      },
    ]
  })
}

function decisionOf(row: Record<string, unknown>): SignupDecision {
  return {
    at: Number(row.at_ms),
    userId: String(row.user_id),
    newUserId: textOrNull(row.new_user_id),
    outcome: oneOf(OUTCOMES, row.outcome) ?? 'refused',
    reason: oneOf(REASONS, row.reason),
    code: textOrNull(row.code),
    codeFrom: oneOf(['body', 'cookie'] as const, row.code_from),
    eventKey: textOrNull(row.event_key),
    duplicate: row.duplicate === true || row.duplicate === 't',
  }
}

/** The trace's methods of the outbox's store in `table`. */
export function postgresTrace(
  table: string,
  q: Query,
  rows: RowReader,
): Pick<CelloOutboxStore, 'recordDecision' | 'explain'> {
  const decisions = decisionsTableOf(table)
  return {
    async recordDecision(decision) {
      // One statement: the user's older decisions beyond the last DECISIONS_KEPT - 1 go, and this one
      // is added (the DELETE does not see the row the INSERT adds: one snapshot).
      await q(
        `WITH trimmed AS (
           DELETE FROM ${decisions} WHERE user_id = $1 AND id NOT IN (
             SELECT id FROM ${decisions} WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT ${DECISIONS_KEPT - 1})
         )
         INSERT INTO ${decisions} (user_id, new_user_id, outcome, reason, code, code_from, event_key, duplicate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          decision.userId,
          decision.newUserId,
          decision.outcome,
          decision.reason,
          decision.code,
          decision.codeFrom,
          decision.eventKey,
          decision.duplicate,
        ],
      )
    },
    async explain(subject) {
      const found = await q(
        `SELECT ${rows.columns}, attempt_log FROM ${table}
         WHERE key = $1 OR envelope #>> '{payload,newUserId}' = $1 OR envelope #>> '{context,newUser,id}' = $1
            OR envelope #>> '{payload,productUserId}' = $1
         ORDER BY created_at, key`,
        [subject],
      )
      const events = found.map((row) => ({ event: rows.toEvent(row), attempts: attemptsOf(row.attempt_log) }))
      const ids = decisionSubjects(
        subject,
        events.map(({ event }) => event),
      )
      const decided = await q(
        `SELECT user_id, new_user_id, outcome, reason, code, code_from, event_key, duplicate,
           (extract(epoch from at) * 1000)::float8 AS at_ms
         FROM ${decisions}
         WHERE user_id IN (SELECT jsonb_array_elements_text($1::jsonb))
            OR new_user_id IN (SELECT jsonb_array_elements_text($1::jsonb))
         ORDER BY at, id`,
        [JSON.stringify(ids)],
      )
      return explanation(
        subject,
        decided.map(decisionOf),
        events.map(({ event, attempts }) => tracedEvent(event, attempts)),
      )
    },
  }
}
