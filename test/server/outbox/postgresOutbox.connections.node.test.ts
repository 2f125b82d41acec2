// postgresOutbox against the real PostgreSQL (DATABASE_URL) where only a server shows the fault:
// createSchema() from many instances at once, and enqueue on a connection the server terminated.
// Connections are killed only by this file's own application_name; the shared server is never
// restarted.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, createCelloHandler, createCelloOutbox, postgresOutbox } from '../../../src/server'
import { createCelloEmulator } from '../../../src/testing'
import { uniqueTable } from './databases'

const url = process.env.DATABASE_URL

// Run in a child process that this one waits for, blocked: the pool here cannot read its
// connection's end before its next query, as when a server restarts between two requests.
const TERMINATOR = `
const pg = require(process.argv[1])
;(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  const name = process.argv[2]
  const count = 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1'
  const killed = await admin.query('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) AS t', [name])
  for (let i = 0; i < 500 && (await admin.query(count, [name])).rows[0].n > 0; i++) await new Promise((r) => setTimeout(r, 10))
  await admin.end()
  process.stdout.write(String(killed.rows[0].n))
})().catch((error) => { console.error(error); process.exit(1) })`

/** Terminates the backends whose application_name is `name`, and returns when they are gone. */
function terminate(name: string): number {
  const pgPath = createRequire(import.meta.url).resolve('pg')
  return Number(execFileSync(process.execPath, ['-e', TERMINATOR, pgPath, name], { encoding: 'utf8', timeout: 30_000 }))
}

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
    for (const table of tables) await admin.query(`DROP TABLE IF EXISTS ${table}, ${table}_decisions`).catch(() => {})
    await Promise.all(pools.map((p) => p.end()))
  })
  const table = () => {
    const name = uniqueTable()
    tables.push(name)
    return name
  }
  const codeOf = (error: unknown) => (error as { code?: unknown }).code
  const signup = (id: string) => ({ ucc: 'pNRB1aYqArN', newUser: { id, email: `${id}@example.com` } })
  const rowsOf = async (name: string, key: string) =>
    (await admin.query(`SELECT state FROM ${name} WHERE key = $1`, [key])).rows

  it('creates its schema from many instances at once, without a duplicate error', { timeout: 120_000 }, async () => {
    // Twenty instances, each with its own connection, race on a fresh table; repeated, since one
    // round does not always collide. Each round creates two tables (the outbox and its trace's
    // decisions): about 10 s here when the machine is idle, over 30 s when it is loaded.
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
      const traced = await admin.query('SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = $1', [
        `${name}_decisions`,
      ])
      expect(traced.rows[0].n).toBe(2) // the trace's decisions: the primary key and (user_id, at)
    }
  })

  it('POST /signups on a connection the server terminated: the signup is recorded, not a 500', async () => {
    const emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }] })
    try {
      const name = `cello-test-enqueue-${process.pid}`
      const executor = pool(name, 1)
      const store = postgresOutbox({ executor, table: table() })
      await store.createSchema() // the pool's one connection is open, and idle
      const client = createCelloClient({
        baseUrl: emulator.url,
        accessKeyId: emulator.accessKeyId,
        secretAccessKey: emulator.secretAccessKey,
      })
      const errors: unknown[] = []
      const handler = createCelloHandler({
        client,
        outbox: createCelloOutbox({ client, store }),
        getUser: () => ({ productUserId: 'user-rita', email: 'rita@example.com', createdAt: new Date() }),
        onError: (error) => errors.push(error),
      })
      expect(terminate(name)).toBe(1)
      const answer = await handler(
        new Request('http://app.test/api/cello/signups', {
          method: 'POST',
          headers: { origin: 'http://app.test', 'content-type': 'application/json' },
          body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
        }),
      )
      expect(answer.status).toBe(202)
      expect(errors).toEqual([])
      expect(await answer.json()).toEqual({ reported: true })
      expect(await rowsOf(store.table, 'new-signup:user-rita')).toEqual([{ state: 'delivered' }])
      expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['user-rita'])
    } finally {
      await emulator.close()
    }
  })

  it("never retries an enqueue that ran in the caller's transaction: its connection died, the error is the caller's", async () => {
    const name = `cello-test-tx-${process.pid}`
    const store = postgresOutbox({ executor: pool(`cello-test-store-${process.pid}`), table: table() })
    await store.createSchema()
    const outbox = createCelloOutbox({
      client: createCelloClient({ baseUrl: 'http://127.0.0.1:9', accessKeyId: 'test', secretAccessKey: 'test' }),
      store,
    })
    const tx = await pool(name, 1).connect()
    tx.on('error', () => {})
    try {
      await tx.query('BEGIN')
      await tx.query('SELECT 1') // the business row's insert, say
      expect(terminate(name)).toBe(1)
      const error = await outbox.enqueue('new-signup', signup('tx-lost'), { executor: tx }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect(['57P01', undefined]).toContain(codeOf(error)) // 57P01, or node-postgres's "Connection terminated"
      expect(String(error)).toMatch(/terminat/i)
    } finally {
      tx.release(true)
    }
    // Recorded through the store's own pool, the event would outlive the business row that rolled back.
    expect(await rowsOf(store.table, 'new-signup:tx-lost')).toEqual([])
  })
})

describe('postgresOutbox.enqueue on a failing executor', () => {
  const entry = { key: 'new-signup:u1', trigger: 'new-signup' as const, envelope: {} as never }
  /** An executor that throws `errors` in turn, then inserts. */
  const failing = (...errors: unknown[]) => {
    const calls: string[] = []
    const executor = async (text: string) => {
      calls.push(text)
      const error = errors.shift()
      if (error) throw error
      return [{ key: 'new-signup:u1' }]
    }
    return { store: postgresOutbox({ executor, table: 'cello_outbox' }), calls }
  }
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code })

  it.each([
    ['57P01', coded('57P01', 'terminating connection due to administrator command')],
    ['08006', coded('08006')],
    ['ECONNRESET', coded('ECONNRESET')],
    ['"Connection terminated unexpectedly"', new Error('Connection terminated unexpectedly')],
    ['a wrapped 57P03', new Error('query failed', { cause: coded('57P03') })],
  ])('retries once on %s', async (_, error) => {
    const { store, calls } = failing(error)
    expect(await store.enqueue([entry])).toEqual([true])
    expect(calls).toHaveLength(2)
  })

  it('gives up after one retry, and never retries any other error', async () => {
    const twice = failing(coded('57P01'), coded('57P01'))
    await expect(twice.store.enqueue([entry])).rejects.toMatchObject({ code: '57P01' })
    expect(twice.calls).toHaveLength(2)
    const other = failing(coded('42P01', 'relation "cello_outbox" does not exist'))
    await expect(other.store.enqueue([entry])).rejects.toMatchObject({ code: '42P01' })
    expect(other.calls).toHaveLength(1)
  })
})
