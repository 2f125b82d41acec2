// Section 2 of the outbox bench: drain with the send stubbed out, against a bare loop that runs the
// same SQL with node-postgres and nothing else. The bare loop's statements are the store's own
// (src/server/outbox/postgresDrainSql.ts of this checkout, bundled here), so the ratio measures
// what the outbox's JavaScript adds per event, not a difference in SQL: per batch of 50, the
// claim (lease, per-user ordering probe, expired leases then due events, FOR UPDATE SKIP LOCKED,
// returning the same columns), then one settle of the batch writing the same columns (state,
// status, lease cleared, delivered_at, an attempt appended to attempt_log), values as pg arrays.
import { bundleSource } from './bundleSource.mjs'
import { rows } from './outboxDb.mjs'
import { log, medianRun, percentile, prefill, stubClient, stubFetch } from './outboxTools.mjs'

let drainSql
/** The store's drain statements from this checkout's sources (even when BENCH_SOURCE_ROOT points elsewhere), bundled once. */
export async function loadDrainSql() {
  if (drainSql) return drainSql
  const file = await bundleSource(
    "export * from './src/server/outbox/postgresDrainSql.ts'",
    `bench-drain-sql-${process.pid}.mjs`,
  )
  drainSql = await import(file.href)
  return drainSql
}

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

/**
 * What a hand-written drainer does for each claimed event between the two statements: one
 * `POST /events` of its envelope through the same stub `fetch` as react-cello's client (a bearer
 * token, JSON body), its status checked and its answer read; the batch's sends all in flight at once.
 */
async function bareSend(claimed) {
  await Promise.all(
    claimed.map(async (row) => {
      const response = await stubFetch('http://127.0.0.1:9/events', {
        method: 'POST',
        headers: { authorization: 'Bearer stub-access', 'content-type': 'application/json' },
        body: typeof row.envelope === 'string' ? row.envelope : JSON.stringify(row.envelope),
      })
      if (!response.ok) throw new Error(`the stub answered ${response.status}`)
      await response.json()
    }),
  )
}

/**
 * The bare loop: the store's claim, then one settle of the whole batch as delivered (200), until
 * nothing is due; with `send`, each claimed event is sent through the stub first (bareSend).
 */
async function bareDrainer(executor, table, sql, send = false) {
  const claim = sql.claimSql(table, false)
  const settle = sql.settleSql(table)
  const owner = crypto.randomUUID()
  let done = 0
  for (;;) {
    const lease = crypto.randomUUID()
    const claimed = await rows(executor, claim, [50, owner, lease, 60_000])
    if (claimed.length === 0) return done
    if (send) await bareSend(claimed)
    const keys = claimed.map((r) => r.key)
    const each = (value) => keys.map(() => value)
    const settled = await rows(executor, settle, [
      keys,
      each(lease),
      each('delivered'),
      each(false),
      each(null),
      each(null),
      each(200),
      each(0),
      each(true),
    ])
    done += settled.length
  }
}

/** Drains `events` prefilled signups with 1 and 3 drainers, ours and bare taking turns; CPU of this process per event. */
export async function drainStubbed(mod, db, { events, runs }) {
  const sql = await loadDrainSql()
  const admin = await db.pool()
  const table = db.table('drain')
  await mod.postgresOutbox({ executor: admin, table }).createSchema()
  const out = []
  for (const drainers of [1, 3]) {
    const results = { ours: [], bare: [], bareSend: [] }
    const names = ['ours', 'bare', 'bareSend']
    for (let run = 0; run < runs; run++) {
      // The three take turns, each going first in every third run.
      for (const name of [...names.slice(run % 3), ...names.slice(0, run % 3)]) {
        await rows(admin, `TRUNCATE ${table}`)
        await prefill(mod, admin, table, events, `${name}${run}_`)
        const executors = await Promise.all(Array.from({ length: drainers }, () => db.pool(1)))
        const timings = { claims: [], others: [] }
        const timedExecutors = executors.map((executor) => statementTimer(executor, timings))
        const cpu = process.cpuUsage()
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
            : await Promise.all(
                timedExecutors.map((executor) => bareDrainer(executor, table, sql, name === 'bareSend')),
              )
        const seconds = (performance.now() - started) / 1000
        const used = process.cpuUsage(cpu)
        const total = counts.reduce((a, b) => a + b, 0)
        if (total !== events) throw new Error(`${name} drained ${total} of ${events} events`)
        results[name].push({
          perSecond: events / seconds,
          seconds,
          cpuUsPerEvent: (used.user + used.system) / events,
          ...claimProfile(timings, seconds, drainers),
        })
        await Promise.all(executors.map((e) => db.end(e)))
      }
    }
    const row = {
      drainers,
      ours: medianRun(results.ours, 'perSecond'),
      bare: medianRun(results.bare, 'perSecond'),
      bareSend: medianRun(results.bareSend, 'perSecond'),
      // CPU per event: the median of the runs, apart from the throughput's median run.
      cpu: {
        ours: percentile(
          results.ours.map((r) => r.cpuUsPerEvent),
          50,
        ),
        bare: percentile(
          results.bare.map((r) => r.cpuUsPerEvent),
          50,
        ),
        bareSend: percentile(
          results.bareSend.map((r) => r.cpuUsPerEvent),
          50,
        ),
      },
    }
    log(
      `${db.name} drain stubbed, ${drainers} drainer(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} (with the send ${row.bareSend.perSecond.toFixed(0)}) ev/s; CPU ${row.cpu.ours.toFixed(0)} vs ${row.cpu.bare.toFixed(0)} (${row.cpu.bareSend.toFixed(0)}) µs/event`,
    )
    out.push(row)
  }
  return out
}
