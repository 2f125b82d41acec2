// The outbox's HTTP figures (bench/outbox.mjs runs them): draining to the emulator, without faults
// and with 20 ms per request, against bare fetches and the theoretical bound; and enqueue → delivered
// with drain() right after, against sending directly. The emulator runs in a worker thread.
import { Worker } from 'node:worker_threads'
import { rows } from './outboxDb.mjs'
import { loadDrainSql } from './outboxDrain.mjs'
import { UCC, bundle, log, medianRun, percentile, prefill, timed } from './outboxTools.mjs'

/** The emulator in a worker thread: its own event loop, as a remote Cello would have. */
export async function startEmulator(mod, faults = []) {
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
  const client = () =>
    mod.createCelloClient({ baseUrl: info.url, accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey })
  return {
    ...info,
    client,
    received: async () => (await ask('count')).events,
    close: () =>
      new Promise((resolve) => {
        worker.once('exit', resolve)
        worker.postMessage('close')
      }),
  }
}

/** The bare HTTP loop: `inFlight` fetches at a time posting the same envelopes, no database, no client code. */
async function bareSends(emulator, envelopes, inFlight) {
  const token = await fetch(`${emulator.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey }),
  }).then((r) => r.json())
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` }
  return timed(
    Array.from({ length: inFlight }, () => null),
    envelopes.length,
    async (_, i) => {
      const response = await fetch(`${emulator.url}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify(envelopes[i]),
      })
      await response.arrayBuffer()
      if (!response.ok) throw new Error(`bare send answered ${response.status}`)
    },
  )
}

// 3. Drain over HTTP to the emulator, without faults and with 20 ms per request.
export async function drainHttp(mod, db, { events, runs }) {
  const admin = await db.pool()
  const table = db.table('http')
  await mod.postgresOutbox({ executor: admin, table }).createSchema()
  const out = []
  for (const latencyMs of [0, 20]) {
    const emulator = await startEmulator(
      mod,
      latencyMs ? [{ kind: 'latency', ms: latencyMs, times: Infinity, path: '/events' }] : [],
    )
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
              return mod.createCelloOutbox({
                client,
                store: mod.postgresOutbox({ executor, table }),
                batchSize: 50,
                concurrency: 10,
              })
            }),
          )
          const before = await emulator.received()
          const started = performance.now()
          const summaries = await Promise.all(outboxes.map((o) => o.drain()))
          const seconds = (performance.now() - started) / 1000
          const delivered = summaries.reduce((a, s) => a + s.delivered, 0)
          if (delivered !== events || (await emulator.received()) - before !== events)
            throw new Error(`HTTP drain delivered ${delivered} of ${events}`)
          results.ours.push({ perSecond: events / seconds, seconds })
          await Promise.all(executors.map((e) => db.end(e)))
          const envelopes = Array.from({ length: events }, (_, k) =>
            mod.buildEvent('new-signup', { ucc: UCC, newUser: { id: `b${prefix}${k}`, email: `b${k}@example.com` } }),
          )
          results.bare.push(await bareSends(emulator, envelopes, drainers * 10))
        }
        const row = {
          latencyMs,
          drainers,
          bound: latencyMs ? (drainers * 10 * 1000) / latencyMs : null,
          ours: medianRun(results.ours, 'perSecond'),
          bare: medianRun(results.bare, 'perSecond'),
        }
        log(
          `${db.name} drain over HTTP, ${latencyMs} ms, ${drainers} drainer(s): ${row.ours.perSecond.toFixed(0)} vs bare ${row.bare.perSecond.toFixed(0)} ev/s`,
        )
        out.push(row)
      }
    } finally {
      await emulator.close()
    }
  }
  return out
}

// 4. Enqueue → delivered with drain() right after (what after() does), against a bare path doing
// the same writes (the same insert, then the store's claim, a bare fetch, the store's settle), and
// against sending directly (no database).
export async function enqueueToDelivered(mod, db, { samples }) {
  const sql = await loadDrainSql()
  const table = db.table('latency')
  const bareTable = db.table('latency_bare')
  const emulator = await startEmulator(mod)
  try {
    const client = emulator.client()
    await client.getActiveLink('alice')
    const outbox = mod.createCelloOutbox({ client, store: mod.postgresOutbox({ executor: await db.pool(2), table }) })
    await outbox.store.createSchema()
    const pool = await db.pool(2)
    await mod.postgresOutbox({ executor: pool, table: bareTable }).createSchema()
    const bare = await bareDeliverer(emulator, pool, bareTable, sql)
    const ours = []
    const same = []
    const direct = []
    for (let i = -20; i < samples; i++) {
      const input = { ucc: UCC, newUser: { id: `lat${i}`, email: `lat${i}@example.com` } }
      // The three take turns, each going first in every third sample.
      const variants = [
        async () => {
          const t = performance.now()
          await outbox.enqueue('new-signup', input)
          const { delivered } = await outbox.drain()
          if (delivered !== 1) throw new Error(`drain() delivered ${delivered} events, not 1`)
          if (i >= 0) ours.push(performance.now() - t)
        },
        async () => {
          const t = performance.now()
          await bare(`bare${i}`)
          if (i >= 0) same.push(performance.now() - t)
        },
        async () => {
          const t = performance.now()
          await client.trackSignup({ ...input, newUser: { ...input.newUser, id: `direct${i}` } })
          if (i >= 0) direct.push(performance.now() - t)
        },
      ]
      const first = ((i % 3) + 3) % 3
      for (const k of [0, 1, 2]) await variants[(first + k) % 3]()
    }
    const stats = (v) => ({ p50: percentile(v, 50), p99: percentile(v, 99) })
    const out = { samples, ours: stats(ours), bare: stats(same), direct: stats(direct) }
    log(
      `${db.name} enqueue → delivered p50 ${out.ours.p50.toFixed(2)} ms vs bare same writes ${out.bare.p50.toFixed(2)} ms, direct ${out.direct.p50.toFixed(2)} ms`,
    )
    return out
  } finally {
    await emulator.close()
  }
}

/**
 * The bare path of 4: with node-postgres and fetch alone, the same insert as outbox.enqueue, then
 * the store's claim, one POST /events of the envelope, and the store's settle (as delivered, 200).
 */
async function bareDeliverer(emulator, pool, table, sql) {
  const token = await fetch(`${emulator.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey }),
  }).then((r) => r.json())
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` }
  const claim = sql.claimSql(table, false)
  const settle = sql.settleSql(table)
  const owner = crypto.randomUUID()
  return async (id) => {
    const envelope = {
      eventName: 'ReferralUpdated',
      payload: { ucc: UCC, newUserId: id },
      context: {
        newUser: { id, email: `${id}@example.com` },
        event: { trigger: 'new-signup', timestamp: new Date().toISOString() },
      },
    }
    await rows(
      pool,
      `INSERT INTO ${table} (key, trigger, envelope) VALUES ($1, $2, $3::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [`new-signup:${id}`, 'new-signup', JSON.stringify(envelope)],
    )
    const lease = crypto.randomUUID()
    const claimed = await rows(pool, claim, [50, owner, lease, 60_000])
    if (claimed.length !== 1) throw new Error(`the bare path claimed ${claimed.length} events, not 1`)
    const response = await fetch(`${emulator.url}/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify(claimed[0].envelope),
    })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`bare send answered ${response.status}`)
    const one = (value) => [value]
    await rows(pool, settle, [
      one(claimed[0].key),
      one(lease),
      one('delivered'),
      one(false),
      one(null),
      one(response.headers.get('apigw-requestid')),
      one(response.status),
      one(0),
      one(true),
    ])
  }
}
