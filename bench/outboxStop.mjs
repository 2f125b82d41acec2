// 6. How long `worker.stop()` takes with 10,000 events queued and a slow Cello, against the same
// worker with nothing queued (the baseline, in the same run): the backlog must not lengthen it past
// about one send. bench/outbox.mjs runs it with the other parts; alone, this part only:
// `node bench/outboxStop.mjs [--backlog 10000] [--runs 5]` prints its subsection (PGlite, and
// PostgreSQL when DATABASE_URL is set).
import { fileURLToPath } from 'node:url'
import { openPglite, openPostgres, rows } from './outboxDb.mjs'
import { startEmulator } from './outboxHttp.mjs'
import { stopLines } from './outboxReport.mjs'
import { load, log, percentile, prefill } from './outboxTools.mjs'

const LATENCY_MS = 200
const SEND_TIMEOUT_MS = 2000
/** How long the worker runs before `stop()`: long enough to be mid-batch with a backlog. */
const RUN_MS = 1200

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One worker on a fresh table with `backlog` signups queued: started, let run, then stopped and timed. */
async function stopOnce(mod, db, emulator, backlog, prefix) {
  const table = db.table('stop')
  const executor = await db.pool(2)
  try {
    const store = mod.postgresOutbox({ executor, table })
    await store.createSchema()
    if (backlog) await prefill(mod, executor, table, backlog, prefix)
    const outbox = mod.createCelloOutbox({
      client: emulator.client(),
      store,
      leaseMs: SEND_TIMEOUT_MS * 2,
      sendTimeoutMs: SEND_TIMEOUT_MS,
    })
    const worker = outbox.start({ intervalMs: 1000 })
    await sleep(RUN_MS)
    const started = performance.now()
    await worker.stop()
    const ms = performance.now() - started
    const [{ left }] = await rows(executor, `SELECT count(*)::int AS left FROM ${table} WHERE state = 'queued'`)
    return { ms, left }
  } finally {
    await db.end(executor)
  }
}

/** stop() latency with `backlog` events queued and with none, `runs` of each, taking turns. */
export async function measureStop(mod, db, { backlog = 10_000, runs = 5 } = {}) {
  const emulator = await startEmulator(mod, [{ kind: 'latency', ms: LATENCY_MS, path: '/events', times: Infinity }])
  try {
    await emulator.client().getActiveLink('alice') // the token, before any timing
    const full = []
    const empty = []
    for (let run = 0; run < runs; run++) {
      for (const queued of run % 2 ? [backlog, 0] : [0, backlog]) {
        const result = await stopOnce(mod, db, emulator, queued, `stop${run}_`)
        ;(queued ? full : empty).push(result)
      }
    }
    const stats = (v) => ({
      p50: percentile(
        v.map((r) => r.ms),
        50,
      ),
      max: Math.max(...v.map((r) => r.ms)),
    })
    const out = {
      backlog,
      runs,
      latencyMs: LATENCY_MS,
      sendTimeoutMs: SEND_TIMEOUT_MS,
      runMs: RUN_MS,
      full: { ...stats(full), minLeft: Math.min(...full.map((r) => r.left)) },
      empty: stats(empty),
    }
    log(
      `${db.name} stop() p50 ${out.full.p50.toFixed(0)} ms with ${backlog} queued, ${out.empty.p50.toFixed(0)} ms with none`,
    )
    return out
  } finally {
    await emulator.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? Number(process.argv[i + 1]) : fallback
  }
  const mod = await load()
  const engines = [{ name: 'PGlite', open: openPglite }]
  if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL', open: () => openPostgres(process.env.DATABASE_URL) })
  const results = []
  for (const engine of engines) {
    const db = await engine.open()
    try {
      results.push({
        name: engine.name,
        stop: await measureStop(mod, db, { backlog: arg('backlog', 10_000), runs: arg('runs', 5) }),
      })
    } finally {
      await db.close()
    }
  }
  console.log(stopLines(results, { alone: true }).join('\n'))
}
