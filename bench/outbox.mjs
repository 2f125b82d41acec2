// The outbox's figures, each beside a baseline measured in the same run: enqueue inside the app's
// transaction (against the same two inserts in bare SQL), draining with the send stubbed out
// (against a bare claim + settle loop), draining over HTTP to the emulator (against bare fetches,
// and with 20 ms per request, against the theoretical bound), enqueue → delivered latency (against
// sending directly), and the soak's figures. PGlite always; PostgreSQL when DATABASE_URL is set.
// Alone: `node bench/outbox.mjs [--events 20000] [--http-events 2000] [--runs 3]` prints the section.
import { build } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { openPglite, openPostgres, rows } from './outboxDb.mjs'
import { outboxSection } from './outboxReport.mjs'
import { runSoak } from './outboxSoak.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const UCC = 'pNRB1aYqArN'
const bundle = new URL('../.cache/bench-outbox.mjs', import.meta.url)

/** react-cello's server entry (plus buildEvent, for prefilling) and the emulator, bundled from source for Node. */
async function load() {
  const result = await build({
    stdin: {
      contents: "export * from './src/server.ts'; export { buildEvent } from './src/server/buildEvent.ts'; export { createCelloEmulator } from './src/testing.ts'",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, format: 'esm', platform: 'node', packages: 'external', write: false, logLevel: 'silent',
  })
  mkdirSync(new URL('../.cache/', import.meta.url), { recursive: true })
  writeFileSync(bundle, result.outputFiles[0].text)
  return import(bundle.href)
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
/** The run with the median `key` of `runs`. */
const medianRun = (runs, key) => [...runs].sort((a, b) => a[key] - b[key])[Math.floor(runs.length / 2)]
const log = (...args) => console.log('[outbox]', ...args)

/** A client whose `fetch` answers at once, without HTTP: 200 `{"success":true}` to every event. */
function stubClient(mod) {
  const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  const fetch = async (input) =>
    String(input).endsWith('/token') ? json({ accessToken: 'stub-access', refreshToken: 'stub-refresh', expiresIn: 18_000, refreshTokenExpiresIn: 432_000 }) : json({ success: true })
  return mod.createCelloClient({ baseUrl: 'http://127.0.0.1:9', accessKeyId: 'stub-key', secretAccessKey: 'stub-secret', fetch })
}

/** Records `n` signups in `table` with bulk inserts (not timed). */
async function prefill(mod, executor, table, n, prefix) {
  const store = mod.postgresOutbox({ executor, table })
  for (let i = 0; i < n; i += 1000) {
    const entries = []
    for (let k = i; k < Math.min(n, i + 1000); k++) {
      const envelope = mod.buildEvent('new-signup', { ucc: UCC, newUser: { id: `${prefix}${k}`, email: `${prefix}${k}@example.com` } })
      entries.push({ key: mod.celloEventKey(envelope), trigger: 'new-signup', envelope })
    }
    await store.enqueue(entries)
  }
  await rows(executor, `ANALYZE ${table}`)
}

/** Runs `n` calls of `work(session, i)` spread over `sessions`, and times each. */
async function timed(sessions, n, work) {
  let next = 0
  const latencies = new Array(n)
  const started = performance.now()
  await Promise.all(
    sessions.map(async (session) => {
      while (next < n) {
        const i = next++
        const t = performance.now()
        await work(session, i)
        latencies[i] = performance.now() - t
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { perSecond: n / seconds, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

// 1. BEGIN; INSERT a user; enqueue the signup (or a plain event row); COMMIT.
async function enqueueInTransaction(mod, db, { transactions, runs }) {
  const admin = await db.pool()
  const tables = { users: db.table('users'), outbox: db.table('outbox'), events: db.table('events') }
  await rows(admin, `CREATE TABLE ${tables.users} (id text PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`)
  const store = mod.postgresOutbox({ executor: admin, table: tables.outbox })
  await store.createSchema()
  await mod.postgresOutbox({ executor: admin, table: tables.events }).createSchema() // the same table shape for the bare rows
  const outbox = mod.createCelloOutbox({ client: stubClient(mod), store })
  const insertUser = (c, id) => c.query(`INSERT INTO ${tables.users} (id, email) VALUES ($1, $2)`, [id, `${id}@example.com`])
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
        context: { newUser: { id, email: `${id}@example.com` }, event: { trigger: 'new-signup', timestamp: new Date().toISOString() } },
      }
      await c.query(`INSERT INTO ${tables.events} (key, trigger, envelope) VALUES ($1, $2, $3)`, [`new-signup:${id}`, 'new-signup', JSON.stringify(envelope)])
      await c.query('COMMIT')
    },
  }
  const out = []
  for (const clients of [1, 8].filter((c) => c <= db.maxClients)) {
    const results = { ours: [], bare: [] }
    for (let run = 0; run < runs; run++) {
      // Alternate which goes first, so that neither always gets the warmer (or quieter) turn.
      for (const name of run % 2 ? ['ours', 'bare'] : ['bare', 'ours']) {
        await rows(admin, `TRUNCATE ${tables.users}, ${tables.outbox}, ${tables.events}`)
        const sessions = await Promise.all(Array.from({ length: clients }, () => db.connect()))
        results[name].push(await timed(sessions, transactions, (c, i) => variants[name](c, `${name}${run}_${i}`)))
        await Promise.all(sessions.map((s) => s.end()))
      }
    }
    const row = { clients, ours: medianRun(results.ours, 'perSecond'), bare: medianRun(results.bare, 'perSecond') }
    log(`${db.name} enqueue in tx, ${clients} client(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} tx/s`)
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
  return { firstClaimMs: mid(timings.claims.slice(0, 10)), lastClaimMs: mid(timings.claims.slice(-10)), sqlShare: sql / (seconds * 1000 * drainers) }
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
            ? (await Promise.all(timedExecutors.map((executor) => mod.createCelloOutbox({ client: stubClient(mod), store: mod.postgresOutbox({ executor, table }), batchSize: 50 }).drain()))).map((s) => s.delivered)
            : await Promise.all(timedExecutors.map((executor) => bareDrainer(executor, table)))
        const seconds = (performance.now() - started) / 1000
        const total = counts.reduce((a, b) => a + b, 0)
        if (total !== events) throw new Error(`${name} drained ${total} of ${events} events`)
        results[name].push({ perSecond: events / seconds, seconds, ...claimProfile(timings, seconds, drainers) })
        await Promise.all(executors.map((e) => db.end(e)))
      }
    }
    const row = { drainers, ours: medianRun(results.ours, 'perSecond'), bare: medianRun(results.bare, 'perSecond') }
    log(`${db.name} drain stubbed, ${drainers} drainer(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} ev/s`)
    out.push(row)
  }
  return out
}

/** The emulator in a worker thread: its own event loop, as a remote Cello would have. */
async function startEmulator(mod, faults = []) {
  const worker = new Worker(new URL('./emulatorWorker.mjs', import.meta.url), {
    workerData: { module: bundle.href, options: { referrers: [{ productUserId: 'alice', ucc: UCC }], faults } },
  })
  const info = await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  const ask = (message) =>
    new Promise((resolve) => {
      worker.once('message', resolve)
      worker.postMessage(message)
    })
  const client = () => mod.createCelloClient({ baseUrl: info.url, accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey })
  return {
    ...info,
    client,
    received: async () => (await ask('count')).events,
    close: () => new Promise((resolve) => {
      worker.once('exit', resolve)
      worker.postMessage('close')
    }),
  }
}

/** The bare HTTP loop: `inFlight` fetches at a time posting the same envelopes, no database, no client code. */
async function bareSends(emulator, envelopes, inFlight) {
  const token = await fetch(`${emulator.url}/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey }),
  }).then((r) => r.json())
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` }
  return timed(Array.from({ length: inFlight }, () => null), envelopes.length, async (_, i) => {
    const response = await fetch(`${emulator.url}/events`, { method: 'POST', headers, body: JSON.stringify(envelopes[i]) })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`bare send answered ${response.status}`)
  })
}

// 3. Drain over HTTP to the emulator, without faults and with 20 ms per request.
async function drainHttp(mod, db, { events, runs }) {
  const admin = await db.pool()
  const table = db.table('http')
  await mod.postgresOutbox({ executor: admin, table }).createSchema()
  const out = []
  for (const latencyMs of [0, 20]) {
    const emulator = await startEmulator(mod, latencyMs ? [{ kind: 'latency', ms: latencyMs, times: Infinity, path: '/events' }] : [])
    try {
      for (const drainers of [1, 3]) {
        const results = { ours: [], bare: [] }
        for (let run = 0; run < runs; run++) {
          const prefix = `l${latencyMs}d${drainers}r${run}_`
          await rows(admin, `TRUNCATE ${table}`)
          await prefill(mod, admin, table, events, prefix)
          const executors = await Promise.all(Array.from({ length: drainers }, () => db.pool(1)))
          const outboxes = await Promise.all(
            executors.map(async (executor) => {
              const client = emulator.client()
              await client.getActiveLink('alice') // the token, before timing
              return mod.createCelloOutbox({ client, store: mod.postgresOutbox({ executor, table }), batchSize: 50, concurrency: 10 })
            }),
          )
          const before = await emulator.received()
          const started = performance.now()
          const summaries = await Promise.all(outboxes.map((o) => o.drain()))
          const seconds = (performance.now() - started) / 1000
          const delivered = summaries.reduce((a, s) => a + s.delivered, 0)
          if (delivered !== events || (await emulator.received()) - before !== events) throw new Error(`HTTP drain delivered ${delivered} of ${events}`)
          results.ours.push({ perSecond: events / seconds, seconds })
          await Promise.all(executors.map((e) => db.end(e)))
          const envelopes = Array.from({ length: events }, (_, k) => mod.buildEvent('new-signup', { ucc: UCC, newUser: { id: `b${prefix}${k}`, email: `b${k}@example.com` } }))
          results.bare.push(await bareSends(emulator, envelopes, drainers * 10))
        }
        const row = { latencyMs, drainers, bound: latencyMs ? (drainers * 10 * 1000) / latencyMs : null, ours: medianRun(results.ours, 'perSecond'), bare: medianRun(results.bare, 'perSecond') }
        log(`${db.name} drain over HTTP, ${latencyMs} ms, ${drainers} drainer(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} ev/s`)
        out.push(row)
      }
    } finally {
      await emulator.close()
    }
  }
  return out
}

// 4. Enqueue → delivered with drain() right after (what after() does), against sending directly.
async function enqueueToDelivered(mod, db, { samples }) {
  const table = db.table('latency')
  const emulator = await startEmulator(mod)
  try {
    const client = emulator.client()
    await client.getActiveLink('alice')
    const outbox = mod.createCelloOutbox({ client, store: mod.postgresOutbox({ executor: await db.pool(2), table }) })
    await outbox.store.createSchema()
    const ours = []
    const direct = []
    for (let i = -20; i < samples; i++) {
      const input = { ucc: UCC, newUser: { id: `lat${i}`, email: `lat${i}@example.com` } }
      let t = performance.now()
      await outbox.enqueue('new-signup', input)
      const { delivered } = await outbox.drain()
      if (delivered !== 1) throw new Error(`drain() delivered ${delivered} events, not 1`)
      if (i >= 0) ours.push(performance.now() - t)
      t = performance.now()
      await client.trackSignup({ ...input, newUser: { ...input.newUser, id: `direct${i}` } })
      if (i >= 0) direct.push(performance.now() - t)
    }
    const stats = (v) => ({ p50: percentile(v, 50), p99: percentile(v, 99) })
    const out = { samples, ours: stats(ours), direct: stats(direct) }
    log(`${db.name} enqueue → delivered p50 ${out.ours.p50.toFixed(2)} ms vs direct ${out.direct.p50.toFixed(2)} ms`)
    return out
  } finally {
    await emulator.close()
  }
}

/** Every figure on every engine here. */
export async function measureOutbox({ events = 20_000, httpEvents = 2_000, runs = 3, samples = 300 } = {}) {
  const mod = await load()
  const engines = [{ name: 'PGlite', open: openPglite }]
  if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL', open: () => openPostgres(process.env.DATABASE_URL) })
  const result = { sizes: { events, httpEvents, runs, samples }, postgres: Boolean(process.env.DATABASE_URL), loadBefore: loadavg(), engines: [] }
  const started = performance.now()
  for (const engine of engines) {
    const db = await engine.open()
    try {
      const figures = { name: engine.name }
      log(`${engine.name}: enqueue in the app's transaction…`)
      figures.enqueue = await enqueueInTransaction(mod, db, { transactions: events, runs })
      log(`${engine.name}: drain, send stubbed out…`)
      figures.drain = await drainStubbed(mod, db, { events, runs })
      log(`${engine.name}: drain over HTTP…`)
      figures.http = await drainHttp(mod, db, { events: httpEvents, runs })
      log(`${engine.name}: enqueue → delivered…`)
      figures.latency = await enqueueToDelivered(mod, db, { samples })
      log(`${engine.name}: soak (and the same without faults)…`)
      figures.soak = { faults: await runSoak(mod, db), clean: await runSoak(mod, db, { faults: false }) }
      log(`${engine.name}: soak ${figures.soak.faults.seconds.toFixed(1)} s, failures: ${figures.soak.faults.failures.join('; ') || 'none'}`)
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
  const result = await measureOutbox({ events: arg('events', 20_000), httpEvents: arg('http-events', 2_000), runs: arg('runs', 3), samples: arg('samples', 300) })
  console.log(outboxSection(result).join('\n'))
}
