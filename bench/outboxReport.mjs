// The outbox's page of the benchmarks (docs/benchmarks/outbox.md) and its rows of BENCHMARKS.md,
// from measureOutbox's result (bench/outbox.mjs).
import { cpus, loadavg } from 'node:os'
import { headline } from './report.mjs'

export const OUTBOX_HEADING = '## Outbox (PGlite and PostgreSQL)'

const int = (value) => Math.round(value).toLocaleString('en-US')
const msec = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`
const ratio = (a, b) => `${(a / b).toFixed(2)}×`
const pct = (share) => `${Math.round(100 * share)}%`
const mark = (ok) => (ok ? '✅' : '❌')
const load = (avg) => avg.map((v) => v.toFixed(1)).join(' / ')
/** The line under a table: each engine's load average (1 / 5 / 15 min) when its part started and ended. */
const loadLine = (engines, part) =>
  `Load average (1 / 5 / 15 min) while this table was measured: ${engines
    .filter((e) => e.loads?.[part])
    .map((e) => `${e.name} ${load(e.loads[part].before)} → ${load(e.loads[part].after)}`)
    .join('; ')}.`
const signedPct = (share) => `${share >= 0 ? '+' : '−'}${Math.abs(100 * share).toFixed(1)}%`

/** The section's lines, from its heading to its last paragraph. */
export function outboxSection(result) {
  const { sizes } = result
  const lines = [
    OUTBOX_HEADING,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} (${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}) in ${result.minutes.toFixed(1)} min. ` +
      `Reproduce: \`DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/outbox.mjs\` (prints this section), or \`node bench/run.mjs --only outbox\` (rewrites this page and its rows of the index).`,
    '',
    `**Shared machine:** other engineers' builds and tests ran on the same ${cpus().length} cores during this run (load average 1 / 5 / 15 min: ${load(result.loadBefore)} at the start, ${load(result.loadAfter)} at the end), and PostgreSQL, the emulator and the drainers all share them too. Absolute figures move by ±30% between runs; the ratios, taken from figures measured side by side (the two variants alternate which goes first), are what to read.`,
    '',
    `Sizes: ${int(sizes.events)} transactions / events per run for the SQL-only figures (1 and 2), ${int(sizes.httpEvents)} events per run over HTTP (3), median of ${sizes.runs} runs; ${sizes.samples} sequential samples for 4; one soak (2,500 events) per engine for 5. ` +
      'Tables have unique names and are dropped afterwards. PGlite is embedded in the bench\'s process and is one connection (so one client in 1, and its "3 drainers" take turns on it).',
    '',
  ]
  if (!result.postgres)
    lines.push(
      '**PostgreSQL was not measured in this run: DATABASE_URL was not set.** Only PGlite figures are below.',
      '',
    )

  lines.push(
    "### 1. Enqueue inside the app's transaction",
    '',
    "`BEGIN; INSERT` a user row; `outbox.enqueue('new-signup', …, { executor: client })`; `COMMIT`, one dedicated connection per client; the variants take turns in chunks of a tenth of the run, rotating which goes first. Baseline: the same transaction with a bare node-postgres `INSERT INTO events (key, trigger, envelope) VALUES ($1, $2, $3)` of the event row (envelope JSON built inline, no validation, no `ON CONFLICT`) into a table of the same shape and indexes. Aim: ≥ 0.9× of the bare version, with 1 and with 8 clients.",
    '',
    '| engine | clients | react-cello tx/s | bare `pg` insert tx/s | ratio | aim ≥ 0.9× | react-cello p50 / p99 | bare p50 / p99 |',
    '| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: |',
  )
  for (const e of result.engines) {
    for (const r of e.enqueue ?? []) {
      const share = r.ours.perSecond / r.bare.perSecond
      lines.push(
        `| ${e.name} | ${r.clients} | ${int(r.ours.perSecond)} | ${int(r.bare.perSecond)} | ${ratio(r.ours.perSecond, r.bare.perSecond)} | ${mark(share >= 0.9)} | ${msec(r.ours.p50)} / ${msec(r.ours.p99)} | ${msec(r.bare.p50)} / ${msec(r.bare.p99)} |`,
      )
    }
  }
  lines.push('', loadLine(result.engines, 'enqueue'), '')
  const full = result.engines.flatMap((e) =>
    (e.enqueue ?? []).filter((r) => r.oursFull).map((r) => ({ engine: e.name, ...r })),
  )
  if (full.length) {
    lines.push(
      `#### With ${int(sizes.fullEvents)} events already in the table`,
      '',
      `1 client, measured in the same turns as the table above: the same transactions into an outbox table (and a bare table) that already held ${int(sizes.fullEvents)} events, bulk-inserted before the run and not timed, against the same into tables that start each run empty. Aim: enqueue slows by ≤ 3%.`,
      '',
      '| engine | react-cello: empty / full tx/s | change | bare `pg` insert: empty / full tx/s | change | aim ≤ 3% slower | react-cello full vs bare full |',
      '| --- | ---: | ---: | ---: | ---: | :---: | ---: |',
    )
    for (const r of full) {
      const ours = r.oursFull.perSecond / r.ours.perSecond - 1
      const bare = r.bareFull.perSecond / r.bare.perSecond - 1
      lines.push(
        `| ${r.engine} | ${int(r.ours.perSecond)} / ${int(r.oursFull.perSecond)} | ${signedPct(ours)} | ${int(r.bare.perSecond)} / ${int(r.bareFull.perSecond)} | ${signedPct(bare)} | ${mark(ours >= -0.03)} | ${ratio(r.oursFull.perSecond, r.bareFull.perSecond)} |`,
      )
    }
    lines.push('')
  }
  if (result.plan) {
    const { ours, plain } = result.plan
    lines.push(
      `**The plan** (\`bench/outboxEnqueuePlan.mjs\`, in this run; the whole plans are on [their page](outbox-enqueue-plan.md)): on a table of ${int(result.plan.events)} events, \`outbox.enqueue\`'s \`INSERT … VALUES ($1, $2, $3::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key\` is ${ours.nodes.join(' over ')} (buffers: ${ours.buffers}; ${msec(ours.executionMs)}), and the bare insert ${plain.nodes.join(' over ')} (buffers: ${plain.buffers}; ${msec(plain.executionMs)}). Both are one descent of the primary key (the conflict check, or the unique check) and one heap insert plus the same partial indexes: no scan, nothing that grows with the table but the B-tree's depth. One EXPLAIN each is a single sample: the times move with the machine; the nodes and buffers are what to read.`,
      '',
    )
  }

  lines.push(
    '### 2. Drain, send stubbed out',
    '',
    "Each drainer is a `createCelloOutbox` with its own connection and a client whose `fetch` answers 200 `{\"success\":true}` at once (a `new Response`, no HTTP; the signup's referral-code check answered and cached the same way), claiming 50 per batch. Baseline: a bare loop per drainer on the same prefilled rows, with node-postgres and nothing else, running **the store's own statements** (from src/server/outbox/postgresDrainSql.ts): the claim (lease owner, token and expiry, `attempts + 1`, the per-user ordering probe, expired leases then due events, `FOR UPDATE SKIP LOCKED`, returning the same columns, which node-postgres parses the same way, envelope included), then one settle of the batch as delivered (status 200) writing the same columns (state, status, lease cleared, `delivered_at`, an entry appended to `attempt_log`), its values as arrays. What the bare loop skips is everything between the two statements: no send (no client, no `Response`, no signal or timer), no outcome rules, no per-event objects. So the ratio is what our JavaScript costs per event, the SQL being equal. A second baseline, **the bare loop with the send**, is what a hand-written drainer does: the same loop, and between the two statements one `POST /events` per claimed event through the same stub `fetch` (bearer token, JSON body, status checked, answer read), the batch's sends at once; react-cello does that and also its guarantees (the signup's referral-code check, cached; timeouts and abort signals; outcome rules; the trace). The three variants take turns, each first in every third run. Aims: ≥ 0.7× of the bare loop, with 1 and 3 drainers; the drainer's CPU per event ≤ 2× the bare loop's (`process.cpuUsage()` of this process around the drain, per event: the drainers' JavaScript, node-postgres included; PostgreSQL's own CPU is not in it).",
    '',
    "The middle columns say where the time goes: the median claim statement over the first 10 batches (the whole backlog due) and the last 10 (almost nothing left), and the share of the drainers' time spent waiting on SQL.",
    '',
    '| engine | drainers | react-cello ev/s | bare SQL loop ev/s | ratio | aim ≥ 0.7× | claim, first / last 10: react-cello | bare | in SQL: react-cello / bare | CPU µs per event: react-cello / bare | CPU ratio | aim ≤ 2× | bare loop with the send: ev/s, ratio | its CPU µs per event, ratio |',
    '| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |',
  )
  for (const e of result.engines) {
    for (const r of e.drain ?? []) {
      const claims = (x) => `${msec(x.firstClaimMs)} / ${msec(x.lastClaimMs)}`
      const share = r.ours.perSecond / r.bare.perSecond
      const cpu = r.cpu.ours / r.cpu.bare
      lines.push(
        `| ${e.name} | ${r.drainers} | ${int(r.ours.perSecond)} | ${int(r.bare.perSecond)} | ${ratio(r.ours.perSecond, r.bare.perSecond)} | ${mark(share >= 0.7)} | ${claims(r.ours)} | ${claims(r.bare)} | ${pct(r.ours.sqlShare)} / ${pct(r.bare.sqlShare)} | ${r.cpu.ours.toFixed(0)} / ${r.cpu.bare.toFixed(0)} | ${cpu.toFixed(2)}× | ${mark(cpu <= 2)} | ${r.bareSend ? `${int(r.bareSend.perSecond)}, ${ratio(r.ours.perSecond, r.bareSend.perSecond)}` : '—'} | ${r.cpu.bareSend ? `${r.cpu.bareSend.toFixed(0)}, ${ratio(r.cpu.ours, r.cpu.bareSend)}` : '—'} |`,
      )
    }
  }
  lines.push('', loadLine(result.engines, 'drain'), '')
  if (result.profile) {
    const p = result.profile
    lines.push(
      `**Where one drainer's thread goes** (\`node bench/outboxDrainProfile.mjs\`, in this run: ${p.engine}, ${int(p.events)} prefilled signups, one stubbed drainer, the inspector's CPU profiler on around the drain alone, sampling every 0.5 ms; ${p.seconds.toFixed(2)} s, of which ${int(p.idleMs)} ms idle, i.e. waiting on the database (with the inspector's own \`dispatch\`); load average ${load(p.load.before)} → ${load(p.load.after)}). The ten frames with the most self time:`,
      '',
      '| self time | of busy time | frame |',
      '| ---: | ---: | --- |',
      ...p.frames.map(
        (f) =>
          `| ${int(f.ms)} ms | ${pct(f.ms / (p.totalMs - p.idleMs))} | \`${f.frame.replace(/\.cache\/bench-outbox-\d+\.mjs/, 'react-cello (bundled)').replace(/\|/g, '\\|')}\` |`,
      ),
      '',
    )
  }

  lines.push(
    '',
    '### 3. Drain over HTTP to the emulator',
    '',
    '`createCelloEmulator` runs in a worker thread (its own event loop, as a remote Cello would have); each drainer claims 50 and keeps 10 sends in flight (the defaults). Baseline: bare `fetch` from the same process posting the same envelopes with 10 in flight per drainer, no database, no client code. With 20 ms per request (emulator fault `latency`, every `/events`), the theoretical bound is drainers × 10 in flight / 20 ms.',
    '',
    "Aims: ≥ 1,000 ev/s per drainer without latency; with 20 ms, throughput that scales with drainers × sends in flight (the last column: 3 drainers against 1; ✅ from 2.4×, 80% of the bound's 3×).",
    '',
    '| engine | latency | drainers | react-cello ev/s | per drainer | bare fetch ev/s | ratio | bound | of bound | aim |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  )
  for (const e of result.engines) {
    for (const r of e.http) {
      const per = r.ours.perSecond / r.drainers
      const one = e.http.find((x) => x.latencyMs === r.latencyMs && x.drainers === 1)
      const scale = r.ours.perSecond / one.ours.perSecond
      const aim = !r.bound
        ? `${mark(per >= 1000)} ≥ 1,000 / drainer`
        : r.drainers === 1
          ? '—'
          : `${mark(scale >= 0.8 * r.drainers)} ${scale.toFixed(1)}× of 1 drainer`
      lines.push(
        `| ${e.name} | ${r.latencyMs} ms | ${r.drainers} | ${int(r.ours.perSecond)} | ${int(per)} | ${int(r.bare.perSecond)} | ${ratio(r.ours.perSecond, r.bare.perSecond)} | ${r.bound ? int(r.bound) : '—'} | ${r.bound ? pct(r.ours.perSecond / r.bound) : '—'} | ${aim} |`,
      )
    }
  }

  lines.push(
    '',
    loadLine(result.engines, 'http'),
    '',
    '### 4. Enqueue → delivered, `drain()` right after',
    '',
    "`await outbox.enqueue(…)` then `await outbox.drain()` (what `after()` does), sequentially, until the drain has recorded Cello's answer; the emulator in a worker thread, no faults. Baseline: **a bare path doing the same writes**, with node-postgres and `fetch` alone: the same `INSERT … ON CONFLICT (key) DO NOTHING` of the event row (envelope built inline), the store's claim statement, one `POST /events` of the claimed envelope with a bearer token fetched beforehand, and the store's settle statement (as delivered). For reference, the same signup sent directly with `client.trackSignup` (no database at all). The three take turns, each going first in every third sample. Aim: p50 ≤ 10 ms.",
    '',
    '| engine | react-cello p50 / p99 | bare, same writes: p50 / p99 | p50 ratio | direct send (no database) p50 / p99 | p50 ratio to direct | aim p50 ≤ 10 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | :---: |',
  )
  for (const e of result.engines) {
    const l = e.latency
    if (!l) continue
    lines.push(
      `| ${e.name} | ${msec(l.ours.p50)} / ${msec(l.ours.p99)} | ${msec(l.bare.p50)} / ${msec(l.bare.p99)} | ${ratio(l.ours.p50, l.bare.p50)} (+${msec(l.ours.p50 - l.bare.p50)}) | ${msec(l.direct.p50)} / ${msec(l.direct.p99)} | ${ratio(l.ours.p50, l.direct.p50)} | ${mark(l.ours.p50 <= 10)} |`,
    )
  }
  lines.push('', loadLine(result.engines, 'latency'))

  lines.push(
    '',
    '### 5. The soak',
    '',
    "The scenario of `test/server/outbox/createCelloOutbox.soak.stress.test.ts`, reimplemented in bench/outboxSoak.mjs with the test's checks: 3 drainers, 2,000 signups + 500 invoices, ~30% faults on `POST /events` (429, 503, drops before and after Cello applied the event, 500 after applying, 15 ms latency) and 10% 503 on the signup check, and a 4th drainer killed mid-lease after its 10th send (lease 1.5 s, check after 300 ms). Total time includes enqueuing. Baseline: the same events and drainers with no faults and no killed drainer.",
    '',
    '| engine | total time (enqueue + drain) | ev/s | delivered | held | dead | faulted sends | applied then failed | silent losses | silent duplicates | checks | baseline: time, ev/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  )
  for (const e of result.engines) {
    const s = e.soak.faults
    const c = e.soak.clean
    lines.push(
      `| ${e.name} | ${s.seconds.toFixed(1)} s (${s.enqueueSeconds.toFixed(1)} + ${s.drainSeconds.toFixed(1)}) | ${int(s.events / s.seconds)} | ${s.delivered} | ${s.held} | ${s.dead} | ${s.faulted} | ${s.appliedThenFailed} | ${s.silentLosses} ${mark(s.silentLosses === 0)} | ${s.silentDuplicates} ${mark(s.silentDuplicates === 0)} | ${s.failures.length ? `❌ ${s.failures.join('; ')}` : "✅ all the test's"} | ${c.seconds.toFixed(1)} s, ${int(c.events / c.seconds)} ev/s${c.failures.length ? ` ❌ ${c.failures.join('; ')}` : ''} |`,
    )
  }
  lines.push(
    '',
    loadLine(result.engines, 'soak'),
    '',
    ...stopLines(result.engines.filter((e) => e.stop)),
    ...findings(result),
  )
  return lines
}

/**
 * The outbox's rows of the index, on PostgreSQL when it was measured (PGlite otherwise): each aim's
 * figure against its baseline from the same run.
 */
export function outboxHeadlines(result) {
  const e = result.engines.find((x) => x.name === 'PostgreSQL') ?? result.engines[0]
  if (!e) return []
  const row = (figure, ours, baseline, r) => headline('outbox', `${figure} (${e.name})`, ours, baseline, r)
  const rows = []
  for (const r of e.enqueue ?? [])
    rows.push(
      row(
        `enqueue inside the app's transaction, ${r.clients} client${r.clients > 1 ? 's' : ''}`,
        `${int(r.ours.perSecond)} tx/s`,
        `${int(r.bare.perSecond)} tx/s, a bare \`pg\` insert in the same transaction`,
        ratio(r.ours.perSecond, r.bare.perSecond),
      ),
    )
  const full = e.enqueue?.find((r) => r.oursFull)
  if (full)
    rows.push(
      row(
        `enqueue with ${int(full.fullEvents)} events already in the table, 1 client (aim: ≤ 3% slower)`,
        `${int(full.oursFull.perSecond)} tx/s (${signedPct(full.oursFull.perSecond / full.ours.perSecond - 1)})`,
        `${int(full.ours.perSecond)} tx/s, the same on an empty table (bare \`pg\`: ${signedPct(full.bareFull.perSecond / full.bare.perSecond - 1)})`,
        ratio(full.oursFull.perSecond, full.ours.perSecond),
      ),
    )
  for (const r of e.drain ?? []) {
    rows.push(
      row(
        `drain with the send stubbed out, ${r.drainers} drainer${r.drainers > 1 ? 's' : ''}`,
        `${int(r.ours.perSecond)} ev/s`,
        `${int(r.bare.perSecond)} ev/s, a bare loop running the same SQL`,
        ratio(r.ours.perSecond, r.bare.perSecond),
      ),
    )
    if (r.bareSend)
      rows.push(
        row(
          `drain with the send stubbed out, ${r.drainers} drainer${r.drainers > 1 ? 's' : ''}, against a bare loop that sends too`,
          `${int(r.ours.perSecond)} ev/s`,
          `${int(r.bareSend.perSecond)} ev/s, the same SQL and one stubbed \`POST /events\` per event`,
          ratio(r.ours.perSecond, r.bareSend.perSecond),
        ),
      )
    if (r.drainers === 1)
      rows.push(
        row(
          'drainer CPU per event, send stubbed out, 1 drainer',
          `${r.cpu.ours.toFixed(0)} µs`,
          `${r.cpu.bare.toFixed(0)} µs, the bare loop${r.cpu.bareSend ? `; ${r.cpu.bareSend.toFixed(0)} µs with the send (${ratio(r.cpu.ours, r.cpu.bareSend)})` : ''}`,
          ratio(r.cpu.ours, r.cpu.bare),
        ),
      )
  }
  const http = e.http.find((r) => !r.bound && r.drainers === 1)
  if (http)
    rows.push(
      row(
        'drain over HTTP to the emulator, 1 drainer',
        `${int(http.ours.perSecond)} ev/s`,
        `${int(http.bare.perSecond)} ev/s, bare \`fetch\``,
        ratio(http.ours.perSecond, http.bare.perSecond),
      ),
    )
  const l = e.latency
  rows.push(
    row(
      'enqueue → delivered, p50',
      msec(l.ours.p50),
      `${msec(l.bare.p50)}, a bare path doing the same writes (${msec(l.direct.p50)} sent directly, no database)`,
      `${ratio(l.ours.p50, l.bare.p50)} (+${msec(l.ours.p50 - l.bare.p50)})`,
    ),
  )
  const soak = e.soak.faults
  rows.push(
    row(
      'soak: ~30% faults and a drainer killed mid-lease',
      `${soak.seconds.toFixed(1)} s, ${soak.silentLosses} lost, ${soak.silentDuplicates} duplicated`,
      `${e.soak.clean.seconds.toFixed(1)} s, no faults`,
      ratio(soak.seconds, e.soak.clean.seconds),
    ),
  )
  if (e.stop)
    rows.push(
      row(
        `\`worker.stop()\` with ${int(e.stop.backlog)} queued, p50 (aim: under one send timeout, ${int(e.stop.sendTimeoutMs)} ms)`,
        msec(e.stop.full.p50),
        `${msec(e.stop.empty.p50)}, nothing queued`,
        `${Math.round(e.stop.full.p50 / e.stop.empty.p50)}×`,
      ),
    )
  return rows
}

/**
 * Subsection 6, `worker.stop()` with a backlog, from each engine's `stop` figures (bench/outboxStop.mjs).
 * `alone`: measured by that part alone, so it says when and under which load.
 */
export function stopLines(engines, { alone = false } = {}) {
  const first = engines[0]?.stop
  if (!first) return []
  const whole = (first.backlog * first.latencyMs) / 10 / 1000
  const lines = [
    '### 6. `worker.stop()` with a backlog',
    '',
    `A worker from \`outbox.start()\` (batches of 50, 10 sends in flight, \`sendTimeoutMs\` ${int(first.sendTimeoutMs)} ms) against the emulator in a worker thread answering every \`POST /events\` after ${first.latencyMs} ms (fault \`latency\`), run for ${first.runMs} ms and then stopped; the figure is the time \`await worker.stop()\` takes. With ${int(first.backlog)} signups queued (bulk-inserted before the start, not timed), against the baseline: the same worker with nothing queued, idle between ticks. ${first.runs} runs of each, taking turns; each run on a fresh table. Aim: with the backlog, under one send timeout (before issue 20, \`stop()\` waited for \`drain()\` to empty the queue: about ${int(first.backlog)} × ${first.latencyMs} ms / 10 in flight ≈ ${Math.round(whole)} s here).`,
    '',
  ]
  if (alone)
    lines.push(
      `Measured alone on ${new Date().toISOString().slice(0, 10)} (${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${load(loadavg())} at the end) with \`node bench/outboxStop.mjs\` (set DATABASE_URL to include PostgreSQL); \`bench/outbox.mjs\` runs it with the other parts.`,
      '',
    )
  lines.push(
    `| engine | stop() with ${int(first.backlog)} queued: p50 / max | baseline, nothing queued: p50 / max | still queued after stop (fewest) | aim < ${int(first.sendTimeoutMs)} ms |`,
    '| --- | ---: | ---: | ---: | :---: |',
  )
  for (const e of engines) {
    const s = e.stop
    lines.push(
      `| ${e.name} | ${msec(s.full.p50)} / ${msec(s.full.max)} | ${msec(s.empty.p50)} / ${msec(s.empty.max)} | ${int(s.full.minLeft)} | ${mark(s.full.max < s.sendTimeoutMs)} |`,
    )
  }
  lines.push(
    '',
    `With a backlog, \`stop()\` waits for the sends already on the wire (at most one ${first.latencyMs} ms answer here, partly elapsed), puts the batch's unstarted events back and records the batch; the queue is left for the next process. The baseline is the cost of stopping at all.`,
    '',
  )
  return lines
}

/** What missed its aim in this run, and the reasons found (the profiling facts are dated). */
function findings(result) {
  const lines = ['### What misses its aim, and why', '']
  const rows = (key, pick) => result.engines.flatMap((e) => e[key].filter(pick).map((r) => ({ engine: e.name, ...r })))
  const list = (found, label) => found.map((r) => `${r.engine} ${label(r)}`).join(', ')

  const enqueue = rows('enqueue', () => true)
  const enqueueMisses = enqueue.filter((r) => r.ours.perSecond / r.bare.perSecond < 0.9)
  const signed = (d) => `${d < 0 ? '−' : '+'}${msec(Math.abs(d))}`
  const gap = enqueue.map((r) => `${r.engine} ${r.clients}: ${signed(r.ours.p50 - r.bare.p50)}`).join(', ')
  const plan = result.plan
    ? ` The plan (section 1) has no extra node: the conflict check is the same descent of the primary key that the bare insert's unique check makes (buffers: react-cello ${result.plan.ours.buffers}, bare ${result.plan.plain.buffers}). What the statement adds is the speculative-insertion path of \`ON CONFLICT DO NOTHING\` and \`RETURNING key\`, which make a repeated enqueue a no-op (a guarantee the bare insert does not give), so it stays.`
    : ''
  lines.push(
    `**Enqueue in the transaction: ${enqueueMisses.length ? `missed** (${list(enqueueMisses, (r) => `${r.clients} client(s): ${ratio(r.ours.perSecond, r.bare.perSecond)}`)})` : 'met**'}. ` +
      `What react-cello adds per transaction at p50: ${gap}. It is one statement, as the bare version's, plus validating the input and building the key in JavaScript (a few µs).${plan}` +
      " With 8 clients on 2 cores, the server's CPU is the bound, so its extra work per statement shows; on PGlite the database runs in the bench's own thread, so everything adds with nothing to overlap it.",
    '',
  )
  const fullRows = enqueue.filter((r) => r.oursFull)
  const fullMisses = fullRows.filter((r) => r.oursFull.perSecond / r.ours.perSecond - 1 < -0.03)
  if (fullRows.length)
    lines.push(
      `**Enqueue with ${int(result.sizes.fullEvents)} events in the table: ${fullMisses.length ? 'missed**' : 'met**'} (react-cello ${list(fullRows, (r) => signedPct(r.oursFull.perSecond / r.ours.perSecond - 1))}; the bare insert in the same turns ${list(fullRows, (r) => signedPct(r.bareFull.perSecond / r.bare.perSecond - 1))}).` +
        (fullMisses.length
          ? " Where the bare insert changes about as much, the change is the table's (a deeper primary key, more pages to keep in cache), not the outbox's statement: the plan is the same primary-key descent for both."
          : ''),
      '',
    )

  const drain = rows('drain', () => true)
  const drainMisses = drain.filter((r) => r.ours.perSecond / r.bare.perSecond < 0.7 || r.cpu.ours / r.cpu.bare > 2)
  const p = result.profile
  const busy = p ? p.totalMs - p.idleMs : 0
  const groups = p
    ? Object.entries(p.groups)
        .sort((x, y) => y[1] - x[1])
        .map(([name, ms]) => `${name} ${pct(ms / busy)} (${((1000 * ms) / p.events).toFixed(0)} µs per event)`)
        .join(', ')
    : ''
  lines.push(
    `**Drain with the send stubbed out: ${drainMisses.length ? 'missed**' : 'met**'} (throughput ${list(drain, (r) => `${r.drainers}: ${ratio(r.ours.perSecond, r.bare.perSecond)}`)}; CPU per event ${list(drain, (r) => `${r.drainers}: ${r.cpu.ours.toFixed(0)} against ${r.cpu.bare.toFixed(0)} µs, ${ratio(r.cpu.ours, r.cpu.bare)}`)}). ` +
      "The SQL is the same on both sides (the bare loop runs the store's statements), so the difference is what happens between them, per event: " +
      (p ? `in the profile of section 2 (busy ${int(busy)} ms for ${int(p.events)} events), ${groups}. ` : '') +
      "The bare loop skips the send altogether: the stub's `Response` and the reading of its body, the client's transport (headers, `JSON.stringify` of the envelope, one `AbortController` and timer per attempt, the schema check of the answer), the signup's cached referral-code check and the outcome rules. A real send pays for all of it too, and takes milliseconds, not microseconds, so on a real Cello this part is a small share of a batch (section 3). With 3 drainers the three share this one Node process and its thread." +
      (drain.some((r) => r.bareSend)
        ? ` Against the bare loop **with the send** (a hand-written drainer's own \`POST /events\` per event through the same stub): throughput ${list(
            drain.filter((r) => r.bareSend),
            (r) => `${r.drainers}: ${ratio(r.ours.perSecond, r.bareSend.perSecond)}`,
          )}; CPU per event ${list(
            drain.filter((r) => r.bareSend),
            (r) =>
              `${r.drainers}: ${r.cpu.ours.toFixed(0)} against ${r.cpu.bareSend.toFixed(0)} µs, ${ratio(r.cpu.ours, r.cpu.bareSend)}`,
          )}: what is left is react-cello's guarantees per event (the signup's referral-code check, timeouts and abort signals, outcome rules, the trace).`
        : ''),
    '',
  )

  const latencies = result.engines.filter((e) => e.latency)
  if (latencies.length)
    lines.push(
      `**Enqueue → delivered: p50 ${list(
        latencies.map((e) => ({ engine: e.name, ...e.latency })),
        (l) => `${msec(l.ours.p50)}, ${ratio(l.ours.p50, l.bare.p50)} of the bare path doing the same writes`,
      )}.** The earlier baseline, a direct send that writes nothing, is kept as a column: against it the outbox also pays for the three statements (insert, claim, settle) that make the event durable; against the bare path with the same statements, it pays for validation, the referral-code check and the client's transport.`,
      '',
    )

  const httpMisses = rows('http', (r) => !r.bound && r.ours.perSecond / r.drainers < 1000)
  if (httpMisses.length) {
    const three = rows('http', (r) => !r.bound && r.drainers === 3)
    const single = (r) => rows('http', (x) => !x.bound && x.drainers === 1).find((x) => x.engine === r.engine)
    lines.push(
      `**Drain over HTTP without latency: missed** (${list(httpMisses, (r) => `${r.drainers} drainer(s): ${int(r.ours.perSecond / r.drainers)} ev/s each`)}). ` +
        `The drainers of one run share this Node process, whose one thread is busy already with one drainer: 3 drainers together drain about what 1 does (${list(three, (r) => `${int(r.ours.perSecond)} ev/s with 3, ${int(single(r).ours.perSecond)} with 1`)}), and bare fetch gains as little from 30 in flight over 10 (${list(three, (r) => `${int(r.bare.perSecond)} with 30, ${int(single(r).bare.perSecond)} with 10`)}). ` +
        "The aim is per drainer for drainers in separate instances, which this 2-core machine (shared with PostgreSQL and the emulator's thread) cannot give a process each." +
        (httpMisses.some((r) => r.drainers === 1)
          ? ` One drainer alone misses too (${list(
              httpMisses.filter((r) => r.drainers === 1),
              (r) => `${int(r.ours.perSecond)} against ${int(r.bare.perSecond)} ev/s bare`,
            )}): what it adds to bare fetch is its own work per event (validation, signals, the ledger) and the pause for the settle and the next claim between batches of 50.`
          : ''),
      '',
    )
  }

  const latency = rows('http', (r) => r.bound)
  const scaling = latency
    .filter((r) => r.drainers > 1)
    .map((r) => ({
      ...r,
      scale: r.ours.perSecond / latency.find((x) => x.engine === r.engine && x.drainers === 1).ours.perSecond,
    }))
  const scalingMisses = scaling.filter((r) => r.scale < 0.8 * r.drainers)
  lines.push(
    `**20 ms per request: ${scalingMisses.length ? `scaling missed on ${list(scalingMisses, (r) => `(${r.scale.toFixed(1)}× with ${r.drainers} drainers)`)}` : 'scales with drainers'}, and below the bound everywhere** (react-cello ${list(latency, (r) => `${r.drainers} drainer(s) ${pct(r.ours.perSecond / r.bound)}`)}; bare fetch ${list(latency, (r) => `${r.drainers} ${pct(r.bare.perSecond / r.bound)}`)}). ` +
      "A drainer claims its next batch only after the current one's last send has answered and the batch is settled, so each batch of 50 costs five rounds of at least 20 ms, plus its slowest send, the settle and the next claim (the slow claim of section 2); bare fetch keeps 10 in flight without those pauses." +
      (scalingMisses.some((r) => r.engine === 'PGlite')
        ? " On PGlite, one connection inside this thread, the drainers' claims and settles also queue behind each other."
        : ''),
    '',
  )
  return lines
}
