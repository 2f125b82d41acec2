// The drainer's statements on PostgreSQL, as fixed texts built once per table (postgresOutbox):
// the claim (with or without a list of keys) and the settle of a whole batch. Values travel as
// PostgreSQL array literals in text parameters, which every executor passes as they are
// (node-postgres, PGlite, postgres.js, Prisma), and `unnest` turns them back into rows: no JSON to
// build here or to parse on the server.
import { ATTEMPTS_KEPT } from './outboxTrace'

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`

/** The columns an {@link OutboxEvent} is read from (postgresOutbox's toEvent). */
export const COLUMNS = `key, trigger, envelope, state, uncertain, attempts, reason, request_id, last_status,
  ${ms('created_at')} AS created_ms, ${ms('updated_at')} AS updated_ms, ${ms('next_attempt_at')} AS next_ms, ${ms('delivered_at')} AS delivered_ms`

const NEEDS_ESCAPE = /[\\"]/
/** One element of an array literal: NULL, a number, t / f, or a double-quoted string. */
function element(value: string | number | boolean | null): string {
  if (value === null) return 'NULL'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(/[\\"]/g, '\\$&')}"` : `"${value}"`
}

/** `values` as a PostgreSQL array literal (`{"a","b",NULL}`), for a `$n::text[]` (or int[], bool[]…) parameter. */
export function pgArray(values: readonly (string | number | boolean | null)[]): string {
  let literal = '{'
  for (let i = 0; i < values.length; i++) literal += (i ? ',' : '') + element(values[i] ?? null)
  return `${literal}}`
}

// An event waits while the one it follows is still on its way: a user's signup before their other
// events, an invoice's payment before its refund (the same rule as precedingKey in celloEventKey.ts).
// Folded into the claim: one primary-key probe per candidate, in the same statement.
const predecessorInFlight = (
  table: string,
) => `SELECT 1 FROM ${table} AS p WHERE p.state IN ('queued', 'sending', 'ambiguous') AND p.key = CASE c.trigger
  WHEN 'charge-refunded' THEN 'invoice-paid:' || (c.envelope #>> '{context,subscription,invoiceId}')
  WHEN 'new-signup' THEN NULL
  WHEN 'milestone-reached' THEN NULL
  ELSE 'new-signup:' || (c.envelope #>> '{payload,newUserId}') END`

/**
 * The claim: $1 limit, $2 owner, $3 lease token, $4 lease in ms, and with `byKeys` $5, the keys
 * (a text[] literal) it may take.
 */
export function claimSql(table: string, byKeys: boolean): string {
  const claimable = `${byKeys ? 'c.key = ANY($5::text[]) AND ' : ''}NOT EXISTS (${predecessorInFlight(table)})`
  return `UPDATE ${table} AS o SET
    state = 'sending',
    uncertain = o.uncertain OR o.state IN ('sending', 'ambiguous'),
    attempts = o.attempts + 1,
    lease_owner = $2, lease_token = $3,
    lease_until = now() + make_interval(secs => $4::float8 / 1000),
    updated_at = now()
  FROM (
    -- Two halves, each walking its own partial index in order and stopping at $1 rows (one
    -- OR'd WHERE made PostgreSQL visit and sort every due row on each claim): leases that
    -- expired first, then what is due.
    SELECT key FROM (
      SELECT c.key FROM ${table} AS c
      WHERE c.state = 'sending' AND c.lease_until <= now() AND ${claimable}
      ORDER BY c.lease_until LIMIT $1 FOR UPDATE SKIP LOCKED
    ) AS expired
    UNION ALL
    SELECT key FROM (
      SELECT c.key FROM ${table} AS c
      WHERE c.state IN ('queued', 'ambiguous') AND c.next_attempt_at <= now() AND ${claimable}
      ORDER BY c.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
    ) AS due_now
    LIMIT $1
  ) AS due
  WHERE o.key = due.key
  RETURNING ${COLUMNS.replace(/\bkey\b,/, 'o.key,')}, ${ms('now() - o.created_at')} AS age_ms`
}

/**
 * The settle of a batch, one row per outcome from nine parallel array literals: $1 key, $2 lease
 * token, $3 state, $4 uncertain, $5 reason, $6 request id, $7 status, $8 retry in ms, $9 confirmed.
 */
export function settleSql(table: string): string {
  // The trace's entry for this outcome, appended in this same UPDATE (no second round trip),
  // keeping the last ATTEMPTS_KEPT: a plain append while the log is shorter (almost always), the
  // oldest dropped beyond. SET reads the row as it was: o.state is the state before.
  const entry = `jsonb_build_array(jsonb_build_object(
      'at', ${ms('now()')}, 'state', s.state, 'status', s.status, 'requestId', s.request_id, 'reason', s.reason))`
  const appendAttempt = `CASE WHEN jsonb_array_length(o.attempt_log) < ${ATTEMPTS_KEPT} THEN o.attempt_log || ${entry}
    ELSE (SELECT coalesce(jsonb_agg(a.entry ORDER BY a.n), '[]'::jsonb)
      FROM jsonb_array_elements(o.attempt_log || ${entry}) WITH ORDINALITY AS a(entry, n)
      WHERE a.n > jsonb_array_length(o.attempt_log) + 1 - ${ATTEMPTS_KEPT}) END`
  // The lease token stays in the row after a settle (a claim replaces it), so that a retry of a
  // settle whose answer was lost (its connection dropped after the commit) finds its own
  // outcome and reports it recorded. A confirmed delivery may land on a held, ambiguous or
  // queued row whatever its token (see OutboxSettlement.confirmed); never on one in flight.
  return `UPDATE ${table} AS o SET
    state = s.state, uncertain = s.uncertain, reason = s.reason, request_id = s.request_id, last_status = s.status,
    next_attempt_at = now() + make_interval(secs => coalesce(s.retry_ms, 0) / 1000),
    lease_owner = NULL, lease_until = NULL, updated_at = now(),
    delivered_at = CASE WHEN s.state = 'delivered' AND o.state <> 'delivered' THEN now() ELSE o.delivered_at END,
    attempt_log = CASE WHEN o.state = 'sending' OR o.state <> s.state THEN ${appendAttempt} ELSE o.attempt_log END
  FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::integer[], $8::float8[], $9::boolean[])
    AS s(key, lease_token, state, uncertain, reason, request_id, status, retry_ms, confirmed)
  WHERE o.key = s.key AND (
    (o.lease_token = s.lease_token AND o.state IN ('sending', s.state))
    OR (s.confirmed AND s.state = 'delivered' AND o.state IN ('held', 'ambiguous', 'queued')))
  RETURNING o.key`
}
