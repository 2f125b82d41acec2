// The outbox's figures, each beside a baseline measured in the same run: enqueue inside the app's
// transaction (against the same two inserts in bare SQL), draining with the send stubbed out
// (against a bare claim + settle loop), draining over HTTP to the emulator (against bare fetches,
// and with 20 ms per request, against the theoretical bound), enqueue → delivered latency (against
// sending directly), stop() with a backlog (against stop() with none), and the soak's figures.
// PGlite always; PostgreSQL when DATABASE_URL is set.
// Alone: `node bench/outbox.mjs [--events 20000] [--http-events 2000] [--runs 3]` prints the section.
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { openPglite, openPostgres, rows } from './outboxDb.mjs'
import { drainHttp, enqueueToDelivered } from './outboxHttp.mjs'
import { outboxSection } from './outboxReport.mjs'
import { runSoak } from './outboxSoak.mjs'
import { measureStop } from './outboxStop.mjs'
import { UCC, load, log, medianRun, percentile, prefill, stubClient, timed } from './outboxTools.mjs'

// 1. BEGIN; INSERT a user; enqueue the signup (or a plain event row); COMMIT.
const CHUNKS = 10
async function enqueueInTransaction(mod, db, { transactions, runs }) {
  const admin = await db.pool()
  const tables = { users: db.table('users'), outbox: db.table('outbox'), events: db.table('events') }
  await rows(
    admin,
    `CREATE TABLE ${tables.users} (id text PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  )
  const store = mod.postgresOutbox({ executor: admin, table: tables.outbox })
  await store.createSchema()
  await mod.postgresOutbox({ executor: admin, table: tables.events }).createSchema() // the same table shape for the bare rows
  const outbox = mod.createCelloOutbox({ client: stubClient(mod), store })
  const insertUser = (c, id) =>
    c.query(`INSERT INTO ${tables.users} (id, email) VALUES ($1, $2)`, [id, `${id}@example.com`])
  const variants = {
    ours: async (c, id) => {
      await c.query('BEGIN')
      await insertUser(c, id)
      await outbox.enqueue('new-signup', { ucc: UCC, newUser: { id, email: `${id}@example.com` } }, { executor: c })
      await c.query('COMMIT')
    },
    bare: async (c, id) => {
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
      await c.query(`INSERT INTO ${tables.events} (key, trigger, envelope) VALUES ($1, $2, $3)`, [
        `new-signup:${id}`,
        'new-signup',
        JSON.stringify(envelope),
      ])
      await c.query('COMMIT')
    },
  }
  const out = []
  for (const clients of [1, 8].filter((c) => c <= db.maxClients)) {
    const results = { ours: [], bare: [] }
    for (let run = 0; run < runs; run++) {
      await rows(admin, `TRUNCATE ${tables.users}, ${tables.outbox}, ${tables.events}`)
      const sessions = await Promise.all(Array.from({ length: clients }, () => db.connect()))
      const spent = { ours: { seconds: 0, latencies: [] }, bare: { seconds: 0, latencies: [] } }
      // The two take turns in chunks (alternating which goes first), so that a burst of load from
      // elsewhere on a shared machine lands on both rather than on one variant's whole run.
      const size = Math.ceil(transactions / CHUNKS)
      for (let chunk = 0; chunk * size < transactions; chunk++) {
        const n = Math.min(size, transactions - chunk * size)
        for (const name of (run + chunk) % 2 ? ['ours', 'bare'] : ['bare', 'ours']) {
          const part = await timed(sessions, n, (c, i) => variants[name](c, `${name}${run}_${chunk}_${i}`))
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
    const row = { clients, ours: medianRun(results.ours, 'perSecond'), bare: medianRun(results.bare, 'perSecond') }
    log(
      `${db.name} enqueue in tx, ${clients} client(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} tx/s`,
    )
    out.push(row)
  }
  return out
}

// 2. Drain with the send stubbed out, against a bare claim (SKIP LOCKED) + one batched settle loop.
/** An executor that times its statements: claims (they lock with SKIP LOCKED) and the others. */
function statementTimer(executor, timings) {
  return {
    async query(text, values) {
      const started = performance.now()
      try {
        return await executor.query(text, values)
      } finally {
        ;(/SKIP LOCKED/.test(text) ? timings.claims : timings.others).push(performance.now() - started)
      }
    },
  }
}

/** Median claim time over the first and the last 10 claims, and the share of wall time spent in SQL. */
function claimProfile(timings, seconds, drainers) {
  const mid = (v) => percentile(v, 50)
  const sql = [...timings.claims, ...timings.others].reduce((a, b) => a + b, 0)
  return {
    firstClaimMs: mid(timings.claims.slice(0, 10)),
    lastClaimMs: mid(timings.claims.slice(-10)),
    sqlShare: sql / (seconds * 1000 * drainers),
  }
}

async function bareDrainer(executor, table) {
  let done = 0
  for (;;) {
    const lease = crypto.randomUUID()
    const claimed = await rows(
      executor,
      `UPDATE ${table} AS o SET state = 'sending', attempts = o.attempts + 1, lease_token = $2, lease_until = now() + interval '60 seconds', updated_at = now()
       FROM (SELECT key FROM ${table} WHERE state = 'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) AS due
       WHERE o.key = due.key RETURNING o.key, o.envelope`,
      [50, lease],
    )
    if (claimed.length === 0) return done
    await rows(
      executor,
      `UPDATE ${table} SET state = 'delivered', delivered_at = now(), lease_token = NULL, lease_until = NULL, updated_at = now()
       WHERE key = ANY($1::text[]) AND lease_token = $2`,
      [claimed.map((r) => r.key), lease],
    )
    done += claimed.length
  }
}

async function drainStubbed(mod, db, { events, runs }) {
  const admin = await db.pool()
  const table = db.table('drain')
  await mod.postgresOutbox({ executor: admin, table }).createSchema()
  const out = []
  for (const drainers of [1, 3]) {
    const results = { ours: [], bare: [] }
    for (let run = 0; run < runs; run++) {
      for (const name of run % 2 ? ['ours', 'bare'] : ['bare', 'ours']) {
        await rows(admin, `TRUNCATE ${table}`)
        await prefill(mod, admin, table, events, `${name}${run}_`)
        const executors = await Promise.all(Array.from({ length: drainers }, () => db.pool(1)))
        const timings = { claims: [], others: [] }
        const timedExecutors = executors.map((executor) => statementTimer(executor, timings))
        const started = performance.now()
        const counts =
          name === 'ours'
            ? (
                await Promise.all(
                  timedExecutors.map((executor) =>
                    mod
                      .createCelloOutbox({
                        client: stubClient(mod),
                        store: mod.postgresOutbox({ executor, table }),
                        batchSize: 50,
                      })
                      .drain(),
                  ),
                )
              ).map((s) => s.delivered)
            : await Promise.all(timedExecutors.map((executor) => bareDrainer(executor, table)))
        const seconds = (performance.now() - started) / 1000
        const total = counts.reduce((a, b) => a + b, 0)
        if (total !== events) throw new Error(`${name} drained ${total} of ${events} events`)
        results[name].push({ perSecond: events / seconds, seconds, ...claimProfile(timings, seconds, drainers) })
        await Promise.all(executors.map((e) => db.end(e)))
      }
    }
    const row = { drainers, ours: medianRun(results.ours, 'perSecond'), bare: medianRun(results.bare, 'perSecond') }
    log(
      `${db.name} drain stubbed, ${drainers} drainer(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} ev/s`,
    )
    out.push(row)
  }
  return out
}

/** Every figure on every engine here. */
export async function measureOutbox({
  events = 20_000,
  httpEvents = 2_000,
  runs = 3,
  samples = 300,
  parts = ['enqueue', 'drain', 'http', 'latency', 'stop', 'soak'],
  engineNames = ['PGlite', 'PostgreSQL'],
} = {}) {
  const mod = await load()
  const engines = [{ name: 'PGlite', open: openPglite }]
  if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL', open: () => openPostgres(process.env.DATABASE_URL) })
  const only = engines.filter((e) => engineNames.includes(e.name))
  engines.splice(0, engines.length, ...only)
  const part = (name) => parts.includes(name)
  const result = {
    sizes: { events, httpEvents, runs, samples },
    postgres: Boolean(process.env.DATABASE_URL),
    loadBefore: loadavg(),
    engines: [],
  }
  const started = performance.now()
  for (const engine of engines) {
    const db = await engine.open()
    try {
      const figures = { name: engine.name }
      if (part('enqueue')) {
        log(`${engine.name}: enqueue in the app's transaction…`)
        figures.enqueue = await enqueueInTransaction(mod, db, { transactions: events, runs })
      }
      if (part('drain')) {
        log(`${engine.name}: drain, send stubbed out…`)
        figures.drain = await drainStubbed(mod, db, { events, runs })
      }
      if (part('http')) {
        log(`${engine.name}: drain over HTTP…`)
        figures.http = await drainHttp(mod, db, { events: httpEvents, runs })
      }
      if (part('latency')) {
        log(`${engine.name}: enqueue → delivered…`)
        figures.latency = await enqueueToDelivered(mod, db, { samples })
      }
      if (part('stop')) {
        log(`${engine.name}: stop() with a backlog, and with none…`)
        figures.stop = await measureStop(mod, db)
      }
      if (part('soak')) {
        log(`${engine.name}: soak (and the same without faults)…`)
        figures.soak = { faults: await runSoak(mod, db), clean: await runSoak(mod, db, { faults: false }) }
        log(
          `${engine.name}: soak ${figures.soak.faults.seconds.toFixed(1)} s, failures: ${figures.soak.faults.failures.join('; ') || 'none'}`,
        )
      }
      result.engines.push(figures)
    } finally {
      await db.close()
    }
  }
  result.loadAfter = loadavg()
  result.minutes = (performance.now() - started) / 60_000
  return result
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? Number(process.argv[i + 1]) : fallback
  }
  const list = (name) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? process.argv[i + 1].split(',') : undefined
  }
  const parts = list('parts') // e.g. --parts enqueue,drain: those figures alone, printed as JSON
  const result = await measureOutbox({
    events: arg('events', 20_000),
    httpEvents: arg('http-events', 2_000),
    runs: arg('runs', 3),
    samples: arg('samples', 300),
    ...(parts ? { parts } : {}),
    ...(list('engines') ? { engineNames: list('engines') } : {}),
  })
  console.log(parts ? JSON.stringify(result, null, 1) : outboxSection(result).join('\n'))
}
