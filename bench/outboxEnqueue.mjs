// Section 1 of the outbox bench: enqueue inside the app's transaction (BEGIN; INSERT a user;
// enqueue the signup; COMMIT) against the same transaction with a bare node-postgres INSERT of the
// event row, with 1 and 8 clients; and with 1 client, both again on tables that already hold
// `fullEvents` events (bulk-inserted before, not timed), against the same on empty tables.
import { rows } from './outboxDb.mjs'
import { UCC, log, medianRun, percentile, prefill, stubClient, timed } from './outboxTools.mjs'

const CHUNKS = 10

export async function enqueueInTransaction(mod, db, { transactions, runs, fullEvents = 100_000 }) {
  const admin = await db.pool()
  const tables = {
    users: db.table('users'),
    outbox: db.table('outbox'),
    events: db.table('events'),
    outboxFull: db.table('outbox_full'),
    eventsFull: db.table('events_full'),
  }
  await rows(
    admin,
    `CREATE TABLE ${tables.users} (id text PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  )
  // The bare rows go to tables of the same shape (and indexes) as the outbox's.
  for (const table of [tables.outbox, tables.events, tables.outboxFull, tables.eventsFull])
    await mod.postgresOutbox({ executor: admin, table }).createSchema()
  const outboxOn = (table) =>
    mod.createCelloOutbox({ client: stubClient(mod), store: mod.postgresOutbox({ executor: admin, table }) })
  const outbox = outboxOn(tables.outbox)
  const outboxFull = outboxOn(tables.outboxFull)
  const insertUser = (c, id) =>
    c.query(`INSERT INTO ${tables.users} (id, email) VALUES ($1, $2)`, [id, `${id}@example.com`])
  const ours = (into) => async (c, id) => {
    await c.query('BEGIN')
    await insertUser(c, id)
    await into.enqueue('new-signup', { ucc: UCC, newUser: { id, email: `${id}@example.com` } }, { executor: c })
    await c.query('COMMIT')
  }
  const bare = (table) => async (c, id) => {
    await c.query('BEGIN')
    await insertUser(c, id)
    const envelope = {
      eventName: 'ReferralUpdated',
      payload: { ucc: UCC, newUserId: id },
      context: {
        newUser: { id, email: `${id}@example.com` },
        event: { trigger: 'new-signup', timestamp: new Date().toISOString() },
      },
    }
    await c.query(`INSERT INTO ${table} (key, trigger, envelope) VALUES ($1, $2, $3)`, [
      `new-signup:${id}`,
      'new-signup',
      JSON.stringify(envelope),
    ])
    await c.query('COMMIT')
  }
  const variants = {
    ours: ours(outbox),
    bare: bare(tables.events),
    oursFull: ours(outboxFull),
    bareFull: bare(tables.eventsFull),
  }
  log(`${db.name}: bulk-inserting ${fullEvents} events into each "full" table (not timed)…`)
  await prefill(mod, admin, tables.outboxFull, fullEvents, 'full')
  await prefill(mod, admin, tables.eventsFull, fullEvents, 'full')

  const out = []
  for (const clients of [1, 8].filter((c) => c <= db.maxClients)) {
    // With 8 clients, ours and bare; with 1, also both on the full tables.
    const names = clients === 1 ? ['ours', 'bare', 'oursFull', 'bareFull'] : ['ours', 'bare']
    const results = Object.fromEntries(names.map((name) => [name, []]))
    for (let run = 0; run < runs; run++) {
      // The empty tables start empty in every run; the full ones keep growing (by at most
      // `transactions` × runs over their `fullEvents`).
      await rows(admin, `TRUNCATE ${tables.outbox}, ${tables.events}`)
      const sessions = await Promise.all(Array.from({ length: clients }, () => db.connect()))
      const spent = Object.fromEntries(names.map((name) => [name, { seconds: 0, latencies: [] }]))
      // The variants take turns in chunks, rotating which goes first, so that a burst of load from
      // elsewhere on a shared machine lands on all of them rather than on one variant's whole run.
      const size = Math.ceil(transactions / CHUNKS)
      for (let chunk = 0; chunk * size < transactions; chunk++) {
        const n = Math.min(size, transactions - chunk * size)
        const first = (run + chunk) % names.length
        for (let k = 0; k < names.length; k++) {
          const name = names[(first + k) % names.length]
          const part = await timed(sessions, n, (c, i) => variants[name](c, `${name}${clients}_${run}_${chunk}_${i}`))
          spent[name].seconds += part.seconds
          spent[name].latencies.push(...part.latencies)
        }
      }
      await Promise.all(sessions.map((s) => s.end()))
      for (const [name, { seconds, latencies }] of Object.entries(spent)) {
        results[name].push({
          perSecond: transactions / seconds,
          seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
        })
      }
    }
    const row = { clients, ...Object.fromEntries(names.map((name) => [name, medianRun(results[name], 'perSecond')])) }
    if (row.oursFull) row.fullEvents = fullEvents
    log(
      `${db.name} enqueue in tx, ${clients} client(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} tx/s` +
        (row.oursFull
          ? `; with ${fullEvents} in the table ${row.oursFull.perSecond.toFixed(0)} vs bare ${row.bareFull.perSecond.toFixed(0)} tx/s`
          : ''),
    )
    out.push(row)
  }
  return out
}
