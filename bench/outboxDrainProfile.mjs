// A CPU profile of one drainer with the send stubbed out (bench/outbox.mjs, section 2), taken with
// the inspector's Profiler around the drain alone (prefilling is not in it): writes
// .cache/outbox-drain.cpuprofile and prints its top frames by self time (bench/cpuProfileTop.mjs).
// PostgreSQL when DATABASE_URL is set, else PGlite.
// Alone: `node bench/outboxDrainProfile.mjs [--events 20000] [--top 10]`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'
import { selfTimes, topFrames, topLines } from './cpuProfileTop.mjs'
import { openPglite, openPostgres } from './outboxDb.mjs'
import { load, prefill, stubClient } from './outboxTools.mjs'

/** Groups of frames, by where their code lives: what the drainer's thread spends its busy time on. */
const GROUPS = [
  ['garbage collection', (f) => f.startsWith('(garbage collector)')],
  [
    "the stub's Response and its body stream (undici, web streams)",
    (f) => /undici|webstreams|js_transferable|outboxTools\.mjs|encoding/.test(f),
  ],
  ['abort signals, listeners and timers', (f) => /abort_controller|event_target|timers/.test(f)],
  [
    'node-postgres and the socket',
    (f) => /node_modules\/pg|^writev|stream_base_commons|node:net|node:stream|writable|readable/.test(f),
  ],
  ['react-cello (bundled: outbox, client, transport)', (f) => /bench-outbox-\d+\.mjs/.test(f)],
]

/** Drains `events` prefilled signups with one stubbed drainer under the profiler; returns the top frames. */
export async function profileDrain({ events = 20_000, top = 10 } = {}) {
  const mod = await load()
  const db = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite()
  const session = new Session()
  session.connect()
  try {
    const admin = await db.pool()
    const table = db.table('profile')
    await mod.postgresOutbox({ executor: admin, table }).createSchema()
    await prefill(mod, admin, table, events, 'prof')
    const executor = await db.pool(1)
    const outbox = mod.createCelloOutbox({
      client: stubClient(mod),
      store: mod.postgresOutbox({ executor, table }),
      batchSize: 50,
    })
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 500 })
    await session.post('Profiler.start')
    const cpu = process.cpuUsage()
    const started = performance.now()
    const { delivered } = await outbox.drain()
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    const { profile } = await session.post('Profiler.stop')
    if (delivered !== events) throw new Error(`drained ${delivered} of ${events}`)
    await db.end(executor)
    const file = new URL('../.cache/outbox-drain.cpuprofile', import.meta.url)
    mkdirSync(new URL('../.cache/', import.meta.url), { recursive: true })
    writeFileSync(file, JSON.stringify(profile))
    const cpuUsPerEvent = (used.user + used.system) / events
    const groups = Object.fromEntries([
      ...GROUPS.map(([name]) => [name, 0]),
      ['the rest (microtasks, Node internals, (program))', 0],
    ])
    for (const [frame, ms] of selfTimes(profile)) {
      if (frame === '(idle)' || frame === 'dispatch') continue
      const group = GROUPS.find(([, test]) => test(frame))?.[0] ?? 'the rest (microtasks, Node internals, (program))'
      groups[group] += ms
    }
    return {
      engine: db.name,
      events,
      seconds,
      cpuUsPerEvent,
      file: fileURLToPath(file),
      groups,
      ...topFrames(profile, top),
    }
  } finally {
    session.disconnect()
    await db.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? Number(process.argv[i + 1]) : fallback
  }
  const result = await profileDrain({ events: arg('events', 20_000), top: arg('top', 10) })
  console.log(
    `${result.engine}: ${result.events} events in ${result.seconds.toFixed(2)} s (${Math.round(result.events / result.seconds)} ev/s), process CPU ${result.cpuUsPerEvent.toFixed(1)} µs per event; ${result.file}`,
  )
  console.log(topLines(result).join('\n'))
  for (const [group, ms] of Object.entries(result.groups)) console.log(`${ms.toFixed(0).padStart(8)} ms  ${group}`)
}
