// postgresOutbox against the real PostgreSQL (DATABASE_URL) where only a server shows the fault:
// createSchema() from many instances at once, and enqueue on a connection the server terminated.
// Connections are killed only by this file's own application_name; the shared server is never
// restarted.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresOutbox } from '../../../src/server'
import { uniqueTable } from './databases'

const url = process.env.DATABASE_URL

describe.skipIf(!url)('postgresOutbox on PostgreSQL: concurrency and lost connections', () => {
  const pools: pg.Pool[] = []
  const tables: string[] = []
  /** A pool whose connections carry `name` in pg_stat_activity, so a test can kill exactly them. */
  const pool = (name: string, max = 4) => {
    const p = new pg.Pool({ connectionString: url, max, application_name: name })
    p.on('error', () => {}) // an idle connection we terminated: the pool drops it
    pools.push(p)
    return p
  }
  let admin: pg.Pool
  beforeAll(() => {
    admin = pool('cello-test-admin', 2)
  })
  afterAll(async () => {
    for (const table of tables) await admin.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {})
    await Promise.all(pools.map((p) => p.end()))
  })
  const table = () => {
    const name = uniqueTable()
    tables.push(name)
    return name
  }
  const codeOf = (error: unknown) => (error as { code?: unknown }).code

  it('creates its schema from many instances at once, without a duplicate error', async () => {
    // Twenty instances, each with its own connection, race on a fresh table; repeated, since one
    // round does not always collide.
    const instances = Array.from({ length: 20 }, (_, i) => pool(`cello-test-schema-${i}`, 1))
    await Promise.all(instances.map((p) => p.query('SELECT 1'))) // connected: the race is on the DDL
    for (let round = 0; round < 100; round++) {
      const name = table()
      const results = await Promise.allSettled(
        instances.map((executor) => postgresOutbox({ executor, table: name }).createSchema()),
      )
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [`${codeOf(r.reason)}: ${r.reason}`] : []))
      expect(failures, `round ${round}`).toEqual([])
      const indexes = await admin.query('SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = $1', [name])
      expect(indexes.rows[0].n).toBe(4) // the primary key and the three partial indexes
    }
  })
})
