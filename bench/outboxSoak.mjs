// The scenario of test/server/outbox/createCelloOutbox.soak.stress.test.ts, reimplemented here
// (the test's scenario and its assertions live in one function, and bench code may not edit
// tests): 3 drainers on one table, 2,000 signups and 500 invoices, ~30% faults on POST /events
// (including Cello applying an event and then losing or failing the answer) and on the signup
// check, and a 4th drainer killed mid-lease after its 10th send. Returns the figures and the
// checks the test makes, so that a bench run that breaks a guarantee says so instead of printing a
// fast number.

const SIGNUPS = 2000
const INVOICES = 500
const UCC = 'pNRB1aYqArN'

const SOAK_FAULTS = [
  { kind: 'latency', ms: 15, rate: 0.05, times: Infinity, path: '/events' },
  { kind: 'status', status: 429, retryAfter: 0, rate: 0.05, times: Infinity, path: '/events' },
  { kind: 'status', status: 503, rate: 0.05, times: Infinity, path: '/events' },
  { kind: 'drop', rate: 0.05, times: Infinity, path: '/events' }, // lost before Cello applied it
  { kind: 'drop', after: 'apply', rate: 0.05, times: Infinity, path: '/events' }, // applied, answer lost
  { kind: 'status', status: 500, after: 'apply', rate: 0.05, times: Infinity, path: '/events' }, // applied, then 500
  { kind: 'status', status: 503, rate: 0.1, times: Infinity, path: '/new-users' }, // the signup check fails too
]

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One soak on `db`. With `faults: false` it is the baseline: the same events and drainers, no
 * faults and no killed drainer.
 */
export async function runSoak(mod, db, { faults = true } = {}) {
  const emulator = await mod.createCelloEmulator({
    referrers: [{ productUserId: 'alice', ucc: UCC }],
    faults: faults ? SOAK_FAULTS : [],
  })
  const table = db.table('soak')
  try {
    const drainerOptions = { leaseMs: 1500, sendTimeoutMs: 500, checkAfterMs: 3000, backoff: { baseMs: 5, maxMs: 50 } }
    const client = (fetch) =>
      mod.createCelloClient({
        baseUrl: emulator.url,
        accessKeyId: emulator.accessKeyId,
        secretAccessKey: emulator.secretAccessKey,
        ...(fetch ? { fetch } : {}),
      })
    const drainer = async (fetch) =>
      mod.createCelloOutbox({
        client: client(fetch),
        store: mod.postgresOutbox({ executor: await db.pool(2), table }),
        ...drainerOptions,
      })

    const app = await drainer()
    await app.store.createSchema()
    const started = performance.now()
    for (let i = 0; i < SIGNUPS; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) =>
          app.enqueue('new-signup', { ucc: UCC, newUser: { id: `u${i + k}`, email: `u${i + k}@example.com` } }),
        ),
      )
    }
    for (let i = 0; i < INVOICES; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) =>
          app.enqueue('invoice-paid', {
            ucc: UCC,
            newUser: { id: `u${i + k}`, email: `u${i + k}@example.com` },
            price: 49,
            currency: 'EUR',
            subscription: { invoiceId: `in_${i + k}`, interval: 'monthly', productKey: 'Pro' },
          }),
        ),
      )
    }
    const enqueued = performance.now()

    if (faults) {
      // The doomed drainer: its 10th send reaches Cello, then the process "dies" (nothing after it
      // ever answers, nothing is settled); its batch stays leased until the lease expires.
      let sends = 0
      const dying = async (input, init) => {
        if (!String(input).endsWith('/events')) return fetch(input, init)
        sends += 1
        if (sends < 10) return fetch(input, init)
        if (sends === 10) await fetch(input, { ...init, signal: null }).catch(() => {})
        return new Promise(() => {})
      }
      void (await drainer(dying)).drain({ max: 50 })
      while (sends < 10) await sleep(5)
    }

    const drainers = await Promise.all([drainer(), drainer(), drainer()])
    const open = async () => (await app.list({ states: ['queued', 'ambiguous', 'sending'], limit: 1 })).length > 0
    const deadline = Date.now() + 100_000
    await Promise.all(
      drainers.map(async (d) => {
        while (Date.now() < deadline && (await open())) {
          const { claimed } = await d.drain()
          if (claimed === 0) await sleep(20)
        }
      }),
    )
    const finished = performance.now()

    // The ledger against what Cello received.
    const events = []
    for (const state of ['delivered', 'held', 'dead', 'queued', 'ambiguous', 'sending'])
      events.push(...(await app.list({ states: [state], limit: 10_000 })))
    const atCello = new Map()
    for (const e of emulator.events) {
      const key =
        e.context.event.trigger === 'new-signup'
          ? `new-signup:${e.payload.newUserId}`
          : `invoice-paid:${e.context.subscription?.invoiceId}`
      atCello.set(key, (atCello.get(key) ?? 0) + 1)
    }
    const count = (state) => events.filter((e) => e.state === state).length
    const twice = (e) => /may have it twice/.test(e.reason ?? '')
    const result = {
      events: SIGNUPS + INVOICES,
      seconds: (finished - started) / 1000,
      enqueueSeconds: (enqueued - started) / 1000,
      drainSeconds: (finished - enqueued) / 1000,
      delivered: count('delivered'),
      held: count('held'),
      dead: count('dead'),
      open: count('queued') + count('ambiguous') + count('sending'),
      faulted: emulator.requests.filter(
        (r) => r.path === '/events' && (r.status === 'dropped' || (typeof r.status === 'number' && r.status >= 400)),
      ).length,
      appliedThenFailed: emulator.requests.filter((r) => r.path === '/events' && r.applied && r.status !== 200).length,
      silentLosses: events.filter((e) => e.state === 'delivered' && !atCello.get(e.key)).length,
      silentDuplicates: events.filter((e) => (atCello.get(e.key) ?? 0) > 1 && !twice(e)).length,
      optedDuplicates: events.filter((e) => (atCello.get(e.key) ?? 0) > 1 && twice(e)).length,
      confirmedByGet: events.filter((e) => /confirmed by GET/.test(e.reason ?? '')).length,
    }
    // The test's guarantees, as failures to print beside the figures.
    result.failures = [
      events.length !== result.events && `the ledger holds ${events.length} events, not ${result.events}`,
      result.open > 0 && `${result.open} events never reached an end`,
      result.silentLosses > 0 && `${result.silentLosses} silent losses`,
      result.silentDuplicates > 0 && `${result.silentDuplicates} silent duplicates`,
      result.dead > 0 && `${result.dead} dead events`,
      events.some((e) => (e.state === 'held' || e.state === 'dead') && !e.reason) &&
        'held or dead events without a reason',
      events.some((e) => e.trigger === 'new-signup' && e.state !== 'delivered') && 'signups not delivered',
      events.some((e) => e.state === 'delivered' && atCello.get(e.key) !== 1) &&
        'delivered events not at Cello exactly once',
      events.some((e) => e.state === 'held' && (atCello.get(e.key) ?? 0) > 1) && 'held events at Cello more than once',
    ].filter(Boolean)
    return result
  } finally {
    await emulator.close()
  }
}
