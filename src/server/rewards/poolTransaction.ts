import { CelloError } from '../../shared/CelloError'
import type { QueryResultLike } from '../outbox/CelloOutboxStore'
import type { RewardTransaction } from './CelloRewardLedger'

/** A connection a transaction runs on: node-postgres's `PoolClient`, PGlite's transaction. */
export interface TransactionClient {
  query(text: string, values?: unknown[]): Promise<QueryResultLike>
}

/** A node-postgres `Pool` (or anything whose `connect()` lends a client that is given back with `release`). */
export interface ConnectingPool<C extends TransactionClient> {
  connect(): Promise<C & { release(error?: Error | boolean): void }>
}

/** PGlite, or any database whose `transaction(work)` commits when `work` resolves and rolls back when it throws. */
export interface TransactionalDatabase<C extends TransactionClient> {
  transaction<T>(work: (tx: C) => Promise<T>): Promise<T>
}

/**
 * A {@link RewardTransaction} over a node-postgres `Pool` (BEGIN, your work, COMMIT on one
 * connection; ROLLBACK when the work throws) or over PGlite (its own `transaction`). For
 * postgres.js, Prisma, Kysely or Drizzle, pass your own: `(work) => sql.begin((tx) => work(…))`.
 *
 * @example
 * const ledger = postgresRewardLedger({ transaction: poolTransaction(pool) })
 */
export function poolTransaction<C extends TransactionClient>(
  db: ConnectingPool<C> | TransactionalDatabase<C>,
): RewardTransaction<C> {
  if ('transaction' in db && typeof db.transaction === 'function') {
    const database = db
    return (work) => database.transaction(work)
  }
  if (!('connect' in db) || typeof db.connect !== 'function') {
    throw new CelloError(
      'invalid_argument',
      'poolTransaction: pass a node-postgres Pool (connect) or PGlite (transaction).',
    )
  }
  const pool = db
  return async (work) => {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackError) {
        // The connection itself failed: the pool must not lend it again.
        broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed')
      }
      throw error
    } finally {
      client.release(broken)
    }
  }
}
