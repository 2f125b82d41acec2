// Shared by the outbox bench's parts: the sources bundled for Node, sizes and timing helpers, a
// client whose send is stubbed out, and bulk prefilling of an outbox table.
import { fileURLToPath } from 'node:url'
import { bundleSource } from './bundleSource.mjs'
import { rows } from './outboxDb.mjs'

// BENCH_SOURCE_ROOT: another checkout's sources (e.g. `git archive <commit> src | tar -x -C dir`),
// to measure an earlier version against the same baselines.
const root = process.env.BENCH_SOURCE_ROOT ?? fileURLToPath(new URL('..', import.meta.url))
export const UCC = 'pNRB1aYqArN'
/** Where load() writes the bundle, one per process (the emulator's worker thread imports it too). */
export const bundle = new URL(`../.cache/bench-outbox-${process.pid}.mjs`, import.meta.url)

/** react-cello's server entry (plus buildEvent, for prefilling) and the emulator, bundled from source for Node. */
export async function load() {
  await bundleSource(
    "export * from './src/server.ts'; export { buildEvent } from './src/server/client/buildEvent.ts'; export { createCelloEmulator } from './src/testing.ts'",
    `bench-outbox-${process.pid}.mjs`,
    { sourceRoot: root },
  )
  return import(bundle.href)
}

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
/** The run with the median `key` of `runs`. */
export const medianRun = (runs, key) => [...runs].sort((a, b) => a[key] - b[key])[Math.floor(runs.length / 2)]
export const log = (...args) => console.log('[outbox]', ...args)

/**
 * A client whose `fetch` answers at once, without HTTP: 200 `{"success":true}` to every event, and
 * alice as the referrer of every code the drainer checks before a new-signup (cached per client).
 */
export function stubClient(mod) {
  return mod.createCelloClient({
    baseUrl: 'http://127.0.0.1:9',
    accessKeyId: 'stub-key',
    secretAccessKey: 'stub-secret',
    fetch: stubFetch,
  })
}

/** The stub of Cello's API the stubbed client uses: 200 at once, a `new Response` per call, no HTTP. */
export async function stubFetch(input) {
  const json = (body) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  const url = String(input)
  if (url.endsWith('/token'))
    return json({
      accessToken: 'stub-access',
      refreshToken: 'stub-refresh',
      expiresIn: 18_000,
      refreshTokenExpiresIn: 432_000,
    })
  const code = /\/referral-codes\/([^/]+)$/.exec(url)?.[1]
  if (code) return json({ code: decodeURIComponent(code), productUserId: 'alice', valid: true, campaignId: '' })
  return json({ success: true })
}

/** Records `n` signups in `table` with bulk inserts (not timed). */
export async function prefill(mod, executor, table, n, prefix) {
  const store = mod.postgresOutbox({ executor, table })
  for (let i = 0; i < n; i += 1000) {
    const entries = []
    for (let k = i; k < Math.min(n, i + 1000); k++) {
      const envelope = mod.buildEvent('new-signup', {
        ucc: UCC,
        newUser: { id: `${prefix}${k}`, email: `${prefix}${k}@example.com` },
      })
      entries.push({ key: mod.celloEventKey(envelope), trigger: 'new-signup', envelope })
    }
    await store.enqueue(entries)
  }
  await rows(executor, `ANALYZE ${table}`)
}

/** Runs `n` calls of `work(session, i)` spread over `sessions`, and times each. */
export async function timed(sessions, n, work) {
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
  return { perSecond: n / seconds, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies }
}
