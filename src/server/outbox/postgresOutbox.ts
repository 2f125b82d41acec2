// The outbox on PostgreSQL, through whatever executor the app already has. Every state change is
// one statement: enqueue is INSERT … ON CONFLICT DO NOTHING (the key is the primary key), claim is
// UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) with a lease, settle only touches rows whose
// lease token still matches. Times come from the database's clock, so instances never disagree.
import { CelloError } from '../../shared/CelloError'
import { errorCode, isConnectionLost } from './isConnectionLost'
import type {
  CelloOutboxStore,
  OutboxEvent,
  OutboxSettlement,
  OutboxState,
  QueryExecutor,
  QueryResultLike,
} from './CelloOutboxStore'
import { postgresRetention } from './postgresRetention'
import { decisionsTableOf, postgresTrace } from './postgresTrace'
import { claimSql, COLUMNS, pgArray, settleSql } from './postgresDrainSql'
import { eventTriggers } from '../client/schemas'
import type { CelloAnyEventEnvelope, OutboxTrigger } from '../client/types'

/** Options of {@link postgresOutbox}. */
export interface PostgresOutboxOptions {
  /** Runs the statements: a node-postgres `Pool`, PGlite, or `(text, values) => …` (postgres.js, Prisma, Kysely, Drizzle). */
  executor: QueryExecutor
  /** The table, optionally schema-qualified. @defaultValue 'cello_outbox' */
  table?: string
}

/** The outbox on PostgreSQL: a {@link CelloOutboxStore} plus the helper that creates its table. */
export interface PostgresOutbox extends CelloOutboxStore {
  /**
   * Creates the table and its indexes when missing (`CREATE … IF NOT EXISTS`): safe to run on every
   * start, from any number of instances at once (they take turns on an advisory lock).
   */
  createSchema(): Promise<void>
  /** The table's name, as given. */
  readonly table: string
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/

function checkTable(table: string): string {
  if (!IDENTIFIER.test(table)) {
    throw new CelloError(
      'invalid_argument',
      `postgresOutbox: table must be a lower-case SQL identifier, optionally schema-qualified (got ${JSON.stringify(table)}).`,
    )
  }
  return table
}

/**
 * The SQL that creates the outbox's table and indexes, to run with your migrations (or call
 * `createSchema()`). The event key is the primary key: an event can be recorded once, ever. Also
 * the trace: each event's last attempts (`attempt_log`, added to a table created before it) and
 * the signup decisions (`<table>_decisions`). Every statement is a no-op when already applied.
 */
export function celloOutboxSchemaSql(table = 'cello_outbox'): string {
  const t = checkTable(table)
  const index = t.replace('.', '_')
  const decisions = decisionsTableOf(t)
  return `CREATE TABLE IF NOT EXISTS ${t} (
  key             text PRIMARY KEY,
  trigger         text NOT NULL,
  envelope        jsonb NOT NULL,
  state           text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'sending', 'ambiguous', 'delivered', 'held', 'dead')),
  uncertain       boolean NOT NULL DEFAULT false,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner     text,
  lease_token     text,
  lease_until     timestamptz,
  reason          text,
  request_id      text,
  last_status     integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  attempt_log     jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX IF NOT EXISTS ${index}_due ON ${t} (next_attempt_at) WHERE state IN ('queued', 'ambiguous');
CREATE INDEX IF NOT EXISTS ${index}_lease ON ${t} (lease_until) WHERE state = 'sending';
CREATE INDEX IF NOT EXISTS ${index}_open ON ${t} (state, created_at) WHERE state IN ('held', 'dead', 'ambiguous');
-- The trace (0.1.0): a table created before it gains the column here (a constant default: no rewrite).
ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS attempt_log jsonb NOT NULL DEFAULT '[]'::jsonb;
CREATE TABLE IF NOT EXISTS ${decisions} (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     text NOT NULL,
  new_user_id text,
  outcome     text NOT NULL CHECK (outcome IN ('reported', 'queued', 'refused')),
  reason      text,
  code        text,
  code_from   text CHECK (code_from IN ('body', 'cookie')),
  event_key   text,
  duplicate   boolean NOT NULL DEFAULT false,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ${index}_decisions_user ON ${decisions} (user_id, at);
`
}

/** Runs one statement through any supported executor and returns its rows. */
export async function runQuery(
  executor: QueryExecutor,
  text: string,
  values: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const result: QueryResultLike =
    typeof executor === 'function' ? await executor(text, values) : await executor.query(text, values)
  const rows: readonly unknown[] = isRowArray(result) ? result : result.rows
  return rows.filter(isRow)
}

const isRow = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const TRIGGERS: readonly OutboxTrigger[] = [...eventTriggers, 'milestone-reached']
const STATES: readonly OutboxState[] = ['queued', 'sending', 'ambiguous', 'delivered', 'held', 'dead']

/** `value` when it is one of `values`; a column holding anything else was not written by this module. */
function oneOf<T extends string>(values: readonly T[], value: unknown, column: string): T {
  const found = values.find((v) => v === value)
  if (found === undefined)
    throw new CelloError(
      'invalid_argument',
      `postgresOutbox: the ${column} column holds a value this package never writes.`,
    )
  return found
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null)

/** The advisory lock's first key, 'cell' in ASCII (the second is the table's hash). */
const SCHEMA_LOCK = 0x63656c6c
/** How long enqueue waits before its one retry on a lost connection: a restarting server needs a moment. */
const ENQUEUE_RETRY_DELAY_MS = 250
/** unique_violation (on the catalog), duplicate_table, duplicate_object: another session created it first. */
const DUPLICATE_CODES = new Set<string | undefined>(['23505', '42P07', '42710'])

const isRowArray = (result: QueryResultLike): result is readonly unknown[] => Array.isArray(result)

/**
 * The stored envelope (jsonb, or its text from a driver that does not parse it). It was checked
 * against the envelope schema when it was built (enqueue's buildEvent); the drainer sends it as is.
 */
function envelopeOf(value: unknown): CelloAnyEventEnvelope {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- written by enqueue from buildEvent's or buildMilestone's checked envelope
  return parsed as CelloAnyEventEnvelope
}

function toEvent(row: Record<string, unknown>): OutboxEvent {
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value))
  return {
    key: String(row.key),
    trigger: oneOf(TRIGGERS, row.trigger, 'trigger'),
    envelope: envelopeOf(row.envelope),
    state: oneOf(STATES, row.state, 'state'),
    uncertain: row.uncertain === true || row.uncertain === 't',
    attempts: Number(row.attempts),
    reason: textOrNull(row.reason),
    requestId: textOrNull(row.request_id),
    lastStatus: number(row.last_status),
    createdAt: Number(row.created_ms),
    updatedAt: Number(row.updated_ms),
    nextAttemptAt: Number(row.next_ms),
    deliveredAt: number(row.delivered_ms),
  }
}

/**
 * The outbox's store on PostgreSQL (or PGlite), over your own executor. Enqueue inside your
 * transaction by passing its client as `executor` to `outbox.enqueue`, so the event commits (or
 * rolls back) with your user or invoice row. Any number of instances can drain the same table.
 *
 * @example
 * const store = postgresOutbox({ executor: pool }) // node-postgres
 * await store.createSchema()                      // or run celloOutboxSchemaSql() in a migration
 */
export function postgresOutbox(options: PostgresOutboxOptions): PostgresOutbox {
  const table = checkTable(options.table ?? 'cello_outbox')
  const executor = options.executor
  if (!executor || (typeof executor !== 'function' && typeof executor.query !== 'function')) {
    throw new CelloError(
      'invalid_argument',
      'postgresOutbox: executor must be a client or pool with query(text, values), or a function (text, values) => rows.',
    )
  }
  const q = (text: string, values: unknown[] = [], via: QueryExecutor = executor) => runQuery(via, text, values)
  // The drainer's statements, built once: their texts never change, so the server's parse and
  // plan caches (and a driver's) see one text each.
  const claimDue = claimSql(table, false)
  const claimKeys = claimSql(table, true)
  const settle = settleSql(table)

  return {
    table,
    ...postgresRetention(table, q),
    ...postgresTrace(table, q, { columns: COLUMNS, toEvent }),
    async createSchema() {
      // One statement, so that every executor (a pool included) runs it on one connection in one
      // transaction, whose advisory lock makes instances starting together take turns: concurrent
      // CREATE … IF NOT EXISTS can still collide in the catalog (23505, 42P07, 42710).
      const ddl = `DO $cello_outbox$ BEGIN
PERFORM pg_advisory_xact_lock(${SCHEMA_LOCK}, hashtext('${table}'));
${celloOutboxSchemaSql(table)}END $cello_outbox$`
      try {
        await q(ddl)
      } catch (error) {
        // Created meanwhile by someone without the lock (a migration running the same SQL): it
        // exists now, and a second run finds every part of it.
        if (!DUPLICATE_CODES.has(errorCode(error))) throw error
        await q(ddl)
      }
    },
    async enqueue(entries, enqueueOptions) {
      if (entries.length === 0) return []
      const own = enqueueOptions?.executor
      const [single] = entries
      // One event (what outbox.enqueue records) is a plain INSERT … VALUES, as cheap as the app's
      // own insert; several go through one jsonb array.
      const insert = (via: QueryExecutor) =>
        entries.length === 1 && single
          ? q(
              `INSERT INTO ${table} (key, trigger, envelope) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
              [single.key, single.trigger, JSON.stringify(single.envelope)],
              via,
            )
          : q(
              `INSERT INTO ${table} (key, trigger, envelope)
         SELECT e.key, e.trigger, e.envelope FROM jsonb_to_recordset($1::jsonb) AS e(key text, trigger text, envelope jsonb)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
              [JSON.stringify(entries.map(({ key, trigger, envelope }) => ({ key, trigger, envelope })))],
              via,
            )
      let rows: Record<string, unknown>[]
      try {
        rows = await insert(own ?? executor)
      } catch (error) {
        // The connection died under the insert (a restart, a failover, a recycled pooler): once
        // more, on a fresh one; safe, since a key is inserted once whatever runs it. Never when the
        // insert ran in the caller's transaction: that transaction is gone, and an event recorded
        // outside it would outlive the business row that rolled back with it. (When the first
        // insert had committed, the retry finds its keys and answers `false` for them.)
        if (own || !isConnectionLost(error)) throw error
        await new Promise((resolve) => setTimeout(resolve, ENQUEUE_RETRY_DELAY_MS))
        rows = await insert(executor)
      }
      const inserted = new Set(rows.map((row) => String(row.key)))
      return entries.map((entry) => inserted.has(entry.key))
    },
    async claim({ limit, leaseMs, owner, keys }) {
      const leaseToken = crypto.randomUUID()
      const rows = keys
        ? await q(claimKeys, [limit, owner, leaseToken, leaseMs, pgArray(keys)])
        : await q(claimDue, [limit, owner, leaseToken, leaseMs])
      return rows.map((row) => ({ ...toEvent(row), leaseToken, ageMs: Number(row.age_ms) }))
    },
    async settle(settlements) {
      if (settlements.length === 0) return []
      const column = <T extends string | number | boolean | null>(pick: (s: OutboxSettlement) => T) =>
        pgArray(settlements.map(pick))
      const rows = await q(settle, [
        column((s) => s.key),
        column((s) => s.leaseToken),
        column((s) => s.state),
        column((s) => s.uncertain),
        column((s) => s.reason ?? null),
        column((s) => s.requestId ?? null),
        column((s) => s.status ?? null),
        column((s) => s.retryInMs ?? 0),
        column((s) => s.state === 'delivered' && s.confirmed === true),
      ])
      return rows.map((row) => String(row.key))
    },
    async get(key, getOptions) {
      const rows = await q(`SELECT ${COLUMNS} FROM ${table} WHERE key = $1`, [key], getOptions?.executor ?? executor)
      return rows[0] ? toEvent(rows[0]) : null
    },
    async list(filter = {}) {
      const rows = await q(
        `SELECT ${COLUMNS} FROM ${table}
         WHERE ($1::jsonb IS NULL OR state IN (SELECT jsonb_array_elements_text($1::jsonb)))
         ORDER BY ${filter.order === 'newest' ? 'created_at DESC, key DESC' : 'created_at, key'} LIMIT $2`,
        [filter.states ? JSON.stringify(filter.states) : null, filter.limit ?? 100],
      )
      return rows.map(toEvent)
    },
    async resolve(key, to, reason) {
      const rows = await q(
        `UPDATE ${table} SET state = $2, reason = $3, updated_at = now(), next_attempt_at = now(),
           uncertain = CASE WHEN $2 = 'queued' THEN false ELSE uncertain END,
           delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
         WHERE key = $1 AND state <> 'sending' RETURNING key`,
        [key, to, reason],
      )
      return rows.length > 0
    },
  }
}
