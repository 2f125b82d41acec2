// The databases the outbox bench runs on: PGlite always (embedded, in memory, one connection) and
// PostgreSQL when DATABASE_URL is set. Every table the bench creates has a unique name and is
// dropped when the engine is closed, even after a failure.
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

let counter = 0
const uniqueName = (what) => `bench_${what}_${process.pid}_${Date.now().toString(36)}_${counter++}`

/** Runs one statement through a pg client/pool or PGlite and returns its rows. */
export const rows = async (executor, text, values = []) => (await executor.query(text, values)).rows

/**
 * @typedef {object} BenchDatabase
 * @property {string} name 'PGlite' or 'PostgreSQL'
 * @property {number} maxClients how many connections can hold a transaction at once
 * @property {(max?: number) => Promise<object>} pool an executor with `query` (a warmed pg.Pool of `max`, or PGlite itself)
 * @property {() => Promise<{ query: Function, end: () => Promise<void> }>} connect a dedicated, connected session
 * @property {(pool: object) => Promise<void>} end closes a pool from `pool` (nothing for PGlite)
 * @property {(what: string) => string} table a unique table name, dropped by `close`
 * @property {() => Promise<void>} close drops the tables, closes every pool and connection
 */

/** @returns {Promise<BenchDatabase>} */
export async function openPglite() {
  const db = new PGlite()
  await db.waitReady
  const tables = []
  return {
    name: 'PGlite',
    maxClients: 1,
    pool: async () => db,
    end: async () => {},
    connect: async () => ({ query: (text, values) => db.query(text, values), end: async () => {} }),
    table: (what) => tables[tables.push(uniqueName(what)) - 1],
    async close() {
      for (const table of tables) await db.query(`DROP TABLE IF EXISTS ${table}, ${table}_decisions`) // and the trace's
      await db.close()
    },
  }
}

/** @returns {Promise<BenchDatabase>} */
export async function openPostgres(connectionString) {
  const admin = new pg.Pool({ connectionString, max: 1 })
  await admin.query('SELECT 1')
  const open = new Set()
  const tables = []
  return {
    name: 'PostgreSQL',
    maxClients: 64,
    async pool(max = 1) {
      const pool = new pg.Pool({ connectionString, max })
      open.add(pool)
      // Connections are opened before any timing starts.
      const held = await Promise.all(Array.from({ length: max }, () => pool.connect()))
      held.forEach((client) => client.release())
      return pool
    },
    async end(pool) {
      if (open.delete(pool)) await pool.end()
    },
    async connect() {
      const client = new pg.Client({ connectionString })
      await client.connect()
      open.add(client)
      return {
        query: (text, values) => client.query(text, values),
        end: async () => {
          open.delete(client)
          await client.end()
        },
      }
    },
    table: (what) => tables[tables.push(uniqueName(what)) - 1],
    async close() {
      await Promise.all([...open].map((p) => p.end().catch(() => {})))
      for (const table of tables) await admin.query(`DROP TABLE IF EXISTS ${table}, ${table}_decisions`) // and the trace's
      await admin.end()
    },
  }
}
