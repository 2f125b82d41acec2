// The Postgres engines the outbox's tests run on: PGlite always (embedded, in memory), and the
// machine's PostgreSQL when DATABASE_URL is set (CI sets it). Each test gets its own table.
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { runQuery } from '../../../src/server/outbox/postgresOutbox'
import type { QueryExecutor } from '../../../src/server'

export interface TestDatabase {
  name: string
  /**
   * A fresh executor (a pool for PostgreSQL, the one PGlite for PGlite). `applicationName` names
   * the pool's connections on PostgreSQL, so that a test can terminate its own backends.
   */
  executor(options?: { applicationName?: string }): QueryExecutor
  /** A dedicated connection, for a transaction: `query` + `release`. */
  connect(): Promise<{ query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>; release(): void }>
  close(): Promise<void>
}

/** Opening PGlite (WebAssembly) takes seconds when the machine is busy: hooks that open a database wait this long. */
export const DB_HOOK_TIMEOUT = 60_000

let counter = 0
/** A table name no other test (or earlier run on the same database) uses. */
export const uniqueTable = () => `cello_outbox_t${process.pid}_${Date.now().toString(36)}_${counter++}`

/**
 * PGlite's settings in the tests: 16 MB of shared buffers instead of 128 MB, about 90 MB less per
 * test process and no slower (docs/benchmarks/memory.md).
 */
export const PGLITE_TEST_SETTINGS = { postgresqlconf: ['shared_buffers=16MB'] }

/**
 * A PGlite of its own for the enclosing suite: opened before its tests (its first start can take
 * longer than a test's limit on a loaded machine), closed after them. Read it inside a test.
 */
export function suitePglite(): () => PGlite {
  let db: PGlite | undefined
  beforeAll(async () => {
    db = new PGlite(PGLITE_TEST_SETTINGS)
    await db.waitReady
  }, DB_HOOK_TIMEOUT)
  afterAll(() => db?.close())
  return () => db!
}

export async function openPglite(): Promise<TestDatabase> {
  const db = new PGlite(PGLITE_TEST_SETTINGS)
  await db.waitReady
  // PGlite is one connection: a transaction holds it, so "connect" serializes through a lock.
  let queue = Promise.resolve()
  return {
    name: 'PGlite',
    executor: () => db,
    async connect() {
      let release!: () => void
      const previous = queue
      queue = new Promise<void>((resolve) => (release = resolve))
      await previous
      return { query: (text, values) => db.query(text, values), release }
    },
    close: () => db.close(),
  }
}

export async function openPostgres(url: string): Promise<TestDatabase> {
  const pools: pg.Pool[] = []
  const pool = (applicationName?: string) => {
    const p = new pg.Pool({
      connectionString: url,
      max: 4,
      ...(applicationName ? { application_name: applicationName } : {}),
    })
    // An idle connection a test terminated (pg_terminate_backend): the pool drops it and goes on.
    if (applicationName) p.on('error', () => {})
    pools.push(p)
    return p
  }
  const shared = pool()
  return {
    name: 'PostgreSQL',
    executor: (options) => pool(options?.applicationName),
    async connect() {
      const client = await shared.connect()
      return { query: (text, values) => client.query(text, values), release: () => client.release() }
    },
    close: async () => {
      await Promise.all(pools.map((p) => p.end()))
    },
  }
}

/** The engines to run on here. */
export const engines: { name: string; open: () => Promise<TestDatabase> }[] = [
  { name: 'PGlite', open: openPglite },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', open: () => openPostgres(process.env.DATABASE_URL!) }] : []),
]

/** Drops the outbox's table and its trace's decisions table. */
export async function dropTable(db: TestDatabase, table: string) {
  await runQuery(db.executor(), `DROP TABLE IF EXISTS ${table}, ${table}_decisions`)
}
