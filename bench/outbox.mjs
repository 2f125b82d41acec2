// The outbox's figures, each beside a baseline measured in the same run: enqueue inside the app's
// transaction (against a bare pg insert in the same transaction; and on a table of 100k events,
// against an empty one), the enqueue statement's plan, draining with the send stubbed out (against
// a bare loop running the store's own SQL) and a CPU profile of it, draining over HTTP to the
// emulator (against bare fetches, and with 20 ms per request, against the theoretical bound),
// enqueue → delivered latency (against a bare path doing the same writes), stop() with a backlog
// (against stop() with none), and the soak's figures. Each part records the load average.
// PGlite always; PostgreSQL when DATABASE_URL is set.
// Alone: `node bench/outbox.mjs [--events 10000] [--http-events 1000] [--runs 3] [--full-events 100000]
// [--parts enqueue,plan,drain,profile,http,latency,stop,soak] [--engines PGlite,PostgreSQL]` prints the section.
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { openPglite, openPostgres } from './outboxDb.mjs'
import { drainStubbed } from './outboxDrain.mjs'
import { enqueueInTransaction } from './outboxEnqueue.mjs'
import { drainHttp, enqueueToDelivered } from './outboxHttp.mjs'
import { outboxSection } from './outboxReport.mjs'
import { runSoak } from './outboxSoak.mjs'
import { measureStop } from './outboxStop.mjs'
import { profileDrain } from './outboxDrainProfile.mjs'
import { measureEnqueuePlan } from './outboxEnqueuePlan.mjs'
import { load, log } from './outboxTools.mjs'

/** Every figure on every engine here. */
export async function measureOutbox({
  // Halved from 20,000 and 2,000 (issue 25): two whole runs had to fit a shared 2-core machine.
  events = 10_000,
  httpEvents = 1_000,
  runs = 3,
  samples = 300,
  fullEvents = 100_000,
  parts = ['enqueue', 'plan', 'drain', 'profile', 'http', 'latency', 'stop', 'soak'],
  engineNames = ['PGlite', 'PostgreSQL'],
} = {}) {
  const mod = await load()
  const engines = [{ name: 'PGlite', open: openPglite }]
  if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL', open: () => openPostgres(process.env.DATABASE_URL) })
  const only = engines.filter((e) => engineNames.includes(e.name))
  engines.splice(0, engines.length, ...only)
  const part = (name) => parts.includes(name)
  const result = {
    sizes: { events, httpEvents, runs, samples, fullEvents },
    postgres: Boolean(process.env.DATABASE_URL),
    loadBefore: loadavg(),
    engines: [],
  }
  const started = performance.now()
  for (const engine of engines) {
    const db = await engine.open()
    try {
      const figures = { name: engine.name, loads: {} }
      // Each part's figures, with the load average when it started and when it ended.
      const measure = async (name, what, run) => {
        if (!part(name)) return
        log(`${engine.name}: ${what}…`)
        const before = loadavg()
        figures[name] = await run()
        figures.loads[name] = { before, after: loadavg() }
      }
      await measure('enqueue', "enqueue in the app's transaction", () =>
        enqueueInTransaction(mod, db, { transactions: events, runs, fullEvents }),
      )
      await measure('drain', 'drain, send stubbed out', () => drainStubbed(mod, db, { events, runs }))
      await measure('http', 'drain over HTTP', () => drainHttp(mod, db, { events: httpEvents, runs }))
      await measure('latency', 'enqueue → delivered', () => enqueueToDelivered(mod, db, { samples }))
      await measure('stop', 'stop() with a backlog, and with none', () => measureStop(mod, db))
      await measure('soak', 'soak (and the same without faults)', async () => ({
        faults: await runSoak(mod, db),
        clean: await runSoak(mod, db, { faults: false }),
      }))
      if (figures.soak)
        log(
          `${engine.name}: soak ${figures.soak.faults.seconds.toFixed(1)} s, failures: ${figures.soak.faults.failures.join('; ') || 'none'}`,
        )
      result.engines.push(figures)
    } finally {
      await db.close()
    }
  }
  // The plan of the enqueue statement on a table of `fullEvents` (PostgreSQL only; its own page too).
  if (part('plan') && result.postgres && engineNames.includes('PostgreSQL')) {
    log('PostgreSQL: EXPLAIN of the enqueue statement…')
    result.plan = await measureEnqueuePlan({ events: fullEvents })
  }
  // Where one stubbed drainer's thread goes (PostgreSQL when set, else PGlite).
  if (part('profile')) {
    log('a CPU profile of one stubbed drainer…')
    const before = loadavg()
    result.profile = { ...(await profileDrain({ events })), load: { before, after: loadavg() } }
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
    events: arg('events', 10_000),
    httpEvents: arg('http-events', 1_000),
    runs: arg('runs', 3),
    samples: arg('samples', 300),
    fullEvents: arg('full-events', 100_000),
    ...(parts ? { parts } : {}),
    ...(list('engines') ? { engineNames: list('engines') } : {}),
  })
  console.log(parts ? JSON.stringify(result, null, 1) : outboxSection(result).join('\n'))
}
