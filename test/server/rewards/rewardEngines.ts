// The engines the reward webhook's tests run on: memory, PGlite always, and the machine's
// PostgreSQL when DATABASE_URL is set. Each opening gets its own ledger and credits tables.
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { PGLITE_TEST_SETTINGS } from '../outbox/databases'
import {
  memoryRewardLedger,
  poolTransaction,
  postgresRewardLedger,
  type CelloReward,
  type CelloRewardLedger,
  type RewardContext,
} from '../../../src/server'

export interface RewardEngine {
  name: string
  ledger: CelloRewardLedger<unknown>
  /** Grants the reward's credits through the ledger's transaction. */
  credit(reward: CelloReward, context: RewardContext<unknown>): Promise<void>
  balance(productUserId: string): Promise<number>
  close(): Promise<void>
}

let counter = 0
const unique = () => `t${process.pid}_${Date.now().toString(36)}_${counter++}`

function memoryEngine(): RewardEngine {
  const balances = new Map<string, number>()
  return {
    name: 'memory',
    ledger: memoryRewardLedger(),
    async credit(reward) {
      balances.set(reward.productUserId, (balances.get(reward.productUserId) ?? 0) + reward.amount)
    },
    balance: async (user) => balances.get(user) ?? 0,
    close: async () => {},
  }
}

type Query = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>

async function sqlEngine(
  name: string,
  query: Query,
  ledger: CelloRewardLedger<unknown> & { createSchema(): Promise<void> },
  credits: string,
  close: () => Promise<void>,
): Promise<RewardEngine> {
  await ledger.createSchema()
  await query(`CREATE TABLE ${credits} (user_id text PRIMARY KEY, balance double precision NOT NULL)`)
  return {
    name,
    ledger,
    async credit(reward, { executor }) {
      const client = executor as { query: Query }
      await client.query(
        `INSERT INTO ${credits} (user_id, balance) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET balance = ${credits}.balance + EXCLUDED.balance`,
        [reward.productUserId, reward.amount],
      )
    },
    async balance(user) {
      const { rows } = await query(`SELECT balance FROM ${credits} WHERE user_id = $1`, [user])
      const row = rows[0] as { balance: number } | undefined
      return row ? Number(row.balance) : 0
    },
    close,
  }
}

async function pgliteEngine(): Promise<RewardEngine> {
  const db = new PGlite(PGLITE_TEST_SETTINGS)
  await db.waitReady
  const id = unique()
  const ledger = postgresRewardLedger({ transaction: poolTransaction(db), table: `cello_rewards_${id}` })
  return sqlEngine(
    'PGlite',
    (text, values) => db.query(text, values),
    ledger,
    `credits_${id}`,
    () => db.close(),
  )
}

async function postgresEngine(url: string): Promise<RewardEngine> {
  const pool = new pg.Pool({ connectionString: url, max: 6 })
  const id = unique()
  const table = `cello_rewards_${id}`
  const credits = `credits_${id}`
  const ledger = postgresRewardLedger({ transaction: poolTransaction(pool), table })
  return sqlEngine(
    'PostgreSQL',
    (text, values) => pool.query(text, values),
    ledger,
    credits,
    async () => {
      await pool.query(`DROP TABLE IF EXISTS ${table}, ${credits}`)
      await pool.end()
    },
  )
}

/** The engines to run on here (PostgreSQL only with DATABASE_URL). */
export const rewardEngines: { name: string; open: () => Promise<RewardEngine> }[] = [
  { name: 'memory', open: async () => memoryEngine() },
  { name: 'PGlite', open: pgliteEngine },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', open: () => postgresEngine(process.env.DATABASE_URL!) }] : []),
]

if (!process.env.DATABASE_URL)
  console.warn('[reward webhook tests] DATABASE_URL is not set: PostgreSQL skipped (memory and PGlite run).')
