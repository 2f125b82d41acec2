// The reward ledger on PostgreSQL (or PGlite). The event id is the primary key: the INSERT … ON
// CONFLICT DO NOTHING in the app's transaction either inserts (and `onReward` runs in that same
// transaction) or finds the id. A second delivery of an event whose first is still in flight
// waits on the key's lock until the first commits (then it is a duplicate) or rolls back (then
// it inserts and credits): one credit, however many deliveries arrive at once.
import { CelloError } from '../../shared/CelloError'
import { errorCode } from '../outbox/isConnectionLost'
import { runQuery } from '../outbox/postgresOutbox'
import type { CelloEnvironment } from '../../shared/types'
import type { CelloRewardLedger, RecordedWebhookEvent, RewardTransaction } from './CelloRewardLedger'
import type { TransactionClient } from './poolTransaction'

/** Options of {@link postgresRewardLedger}. */
export interface PostgresRewardLedgerOptions<E extends TransactionClient> {
  /** Runs one transaction: `poolTransaction(pool)` for node-postgres or PGlite, or your own. */
  transaction: RewardTransaction<E>
  /** The table, optionally schema-qualified. @defaultValue 'cello_rewards' */
  table?: string
}

/** The reward ledger on PostgreSQL, plus the helper that creates its table. */
export interface PostgresRewardLedger<E> extends CelloRewardLedger<E> {
  /** Creates the table and its index when missing (`CREATE … IF NOT EXISTS`): safe on every start. */
  createSchema(): Promise<void>
  readonly table: string
}

/** The advisory lock's first key, 'rwds' in ASCII (the second is the table's hash). */
const SCHEMA_LOCK = 0x72776473
/** unique_violation (on the catalog), duplicate_table, duplicate_object: another session created it first. */
const DUPLICATE_CODES = new Set<string | undefined>(['23505', '42P07', '42710'])

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/

function checkTable(table: string): string {
  if (!IDENTIFIER.test(table))
    throw new CelloError(
      'invalid_argument',
      `postgresRewardLedger: table must be a lower-case SQL identifier, optionally schema-qualified (got ${JSON.stringify(table)}).`,
    )
  return table
}

/**
 * The SQL that creates the reward ledger's table, to run with your migrations (also in
 * `sql/cello_rewards.sql`), or call `createSchema()`. Every statement is a no-op when applied.
 */
export function celloRewardsSchemaSql(table = 'cello_rewards'): string {
  const t = checkTable(table)
  return `CREATE TABLE IF NOT EXISTS ${t} (
  event_id        text PRIMARY KEY,
  event_type      text NOT NULL,
  environment     text NOT NULL,
  product_user_id text,
  reward_id       text,
  reward_type     text,
  amount          double precision,
  created_ts      jsonb,
  version         text,
  data            jsonb,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ${t.replace('.', '_')}_user ON ${t} (product_user_id, recorded_at);
`
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null)
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))
const ENVIRONMENTS: readonly CelloEnvironment[] = ['production', 'sandbox']

function toRecorded(row: Record<string, unknown>): RecordedWebhookEvent {
  const createdTs = textOrNull(row.created_text)
  return {
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    environment: ENVIRONMENTS.find((e) => e === row.environment) ?? 'production',
    createdTs: createdTs !== null && row.created_type === 'number' ? Number(createdTs) : createdTs,
    version: textOrNull(row.version),
    productUserId: textOrNull(row.product_user_id),
    rewardId: textOrNull(row.reward_id),
    rewardType: textOrNull(row.reward_type),
    amount: numberOrNull(row.amount),
    // Read as text and parsed here: drivers differ in whether they parse jsonb.
    data: parseJson(row.data_text),
    recordedAt: Number(row.recorded_ms),
  }
}

const COLUMNS = `event_id, event_type, environment, product_user_id, reward_id, reward_type, amount,
  created_ts #>> '{}' AS created_text, jsonb_typeof(created_ts) AS created_type, version, data::text AS data_text,
  (extract(epoch from recorded_at) * 1000)::float8 AS recorded_ms`

/**
 * The reward ledger on PostgreSQL or PGlite: each `eventId` is inserted in the transaction that
 * runs your `onReward`, with the transaction's client as `executor`, so the credit and the record
 * commit together. Any number of instances can share the table.
 *
 * @example
 * const ledger = postgresRewardLedger({ transaction: poolTransaction(pool) })
 * await ledger.createSchema() // or run celloRewardsSchemaSql() (sql/cello_rewards.sql) in a migration
 */
export function postgresRewardLedger<E extends TransactionClient>(
  options: PostgresRewardLedgerOptions<E>,
): PostgresRewardLedger<E> {
  const table = checkTable(options.table ?? 'cello_rewards')
  const transaction = options.transaction
  if (typeof transaction !== 'function')
    throw new CelloError(
      'invalid_argument',
      'postgresRewardLedger: transaction must be a function (use poolTransaction(pool)).',
    )
  const read = <T>(work: (executor: E) => Promise<T>) => transaction(work)
  return {
    table,
    async createSchema() {
      // One statement per query: drivers that prepare statements (PGlite with values) refuse several.
      const statements = celloRewardsSchemaSql(table)
        .split(';\n')
        .map((statement) => statement.trim())
      const create = () =>
        read(async (executor) => {
          // Instances starting together take turns (the lock ends with the transaction).
          await runQuery(executor, 'SELECT pg_advisory_xact_lock($1, hashtext($2))', [SCHEMA_LOCK, table])
          for (const statement of statements.filter(Boolean)) await runQuery(executor, statement)
        })
      try {
        await create()
      } catch (error) {
        // Created meanwhile by someone without the lock (a migration running the same SQL): it
        // exists now, and a second run finds every part of it.
        if (!DUPLICATE_CODES.has(errorCode(error))) throw error
        await create()
      }
    },
    async record(event, apply) {
      return transaction(async (executor) => {
        const inserted = await runQuery(
          executor,
          `INSERT INTO ${table} (event_id, event_type, environment, product_user_id, reward_id, reward_type, amount, created_ts, version, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb)
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [
            event.eventId,
            event.eventType,
            event.environment,
            event.productUserId,
            event.rewardId,
            event.rewardType,
            event.amount,
            JSON.stringify(event.createdTs),
            event.version,
            JSON.stringify(event.data ?? null),
          ],
        )
        if (inserted.length === 0) return { duplicate: true }
        await apply(executor)
        return { duplicate: false }
      })
    },
    async get(eventId) {
      const rows = await read((executor) =>
        runQuery(executor, `SELECT ${COLUMNS} FROM ${table} WHERE event_id = $1`, [eventId]),
      )
      return rows[0] ? toRecorded(rows[0]) : null
    },
    async list(filter = {}) {
      const rows = await read((executor) =>
        runQuery(
          executor,
          `SELECT ${COLUMNS} FROM ${table} WHERE ($1::text IS NULL OR product_user_id = $1)
           ORDER BY recorded_at, event_id LIMIT $2`,
          [filter.productUserId ?? null, filter.limit ?? 100],
        ),
      )
      return rows.map(toRecorded)
    },
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null
  const value: unknown = JSON.parse(text)
  return value
}
