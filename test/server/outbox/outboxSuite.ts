import type { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import {
  createCelloClient,
  createCelloOutbox,
  isCelloError,
  memoryOutbox,
  postgresOutbox,
  type CelloOutbox,
  type CelloOutboxOptions,
  type CelloOutboxStore,
  type OutboxState,
  type QueryExecutor,
  type TrackInvoicePaidInput,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { dropTable, engines, uniqueTable, type TestDatabase, DB_HOOK_TIMEOUT } from './databases'
import { outboxStoreSuite } from './outboxStoreSuite'
import { outboxTraceSuite } from './outboxTraceSuite'

/**
 * The outbox's tests on the stores named: 'memory', 'PGlite', 'PostgreSQL' (run only when
 * DATABASE_URL is set). Split over several files so that Vitest runs the engines side by side.
 */
export function outboxSuite(names: string[]) {
  const selected = engines.filter((engine) => names.includes(engine.name))
  if (!names.includes('memory') && selected.length === 0) {
    describe.skip(`outbox on ${names.join(', ')}: not available here (DATABASE_URL unset)`, () => {
      it.skip('needs the database', () => {})
    })
    return
  }
  const UCC = 'pNRB1aYqArN'
  let emulator: CelloEmulator
  beforeAll(async () => {
    emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: UCC }] })
  })
  afterEach(() => emulator.reset())
  afterAll(() => emulator.close())

  const client = () =>
    createCelloClient({
      baseUrl: emulator.url,
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
    })
  const signup = (id: string) => ({ ucc: UCC, newUser: { id, email: `${id}@example.com` } })
  const invoice = (id: string, invoiceId: string): TrackInvoicePaidInput => ({
    ...signup(id),
    price: 49,
    currency: 'EUR',
    subscription: { invoiceId, interval: 'monthly', productKey: 'Pro' },
  })
  const received = (predicate: (e: CelloEmulator['events'][number]) => boolean) =>
    emulator.events.filter(predicate).length
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  /** Drains until `key` reaches one of `states` (each drain retries what is due; backoff is 1 ms here). */
  async function drainUntil(outbox: CelloOutbox, key: string, states: OutboxState[]) {
    for (const started = Date.now(); Date.now() - started < 20_000;) {
      await outbox.drain()
      const event = await outbox.get(key)
      if (event && states.includes(event.state)) return event
      await sleep(5)
    }
    throw new Error(`${key} never reached ${states.join('/')}: ${JSON.stringify(await outbox.get(key))}`)
  }

  interface Backend {
    name: string
    store: () => Promise<CelloOutboxStore>
    db?: TestDatabase
  }

  const backends: Backend[] = names.includes('memory') ? [{ name: 'memory', store: async () => memoryOutbox() }] : []
  for (const engine of selected) {
    const backend: Backend = {
      name: engine.name,
      store: async () => {
        const table = uniqueTable()
        tables.push(table)
        const store = postgresOutbox({ executor: backend.db!.executor(), table })
        await store.createSchema()
        return store
      },
    }
    backends.push(backend)
    beforeAll(async () => {
      backend.db = await engine.open()
    }, DB_HOOK_TIMEOUT)
  }
  const tables: string[] = []
  afterAll(async () => {
    for (const backend of backends) {
      if (!backend.db) continue
      for (const table of tables) await dropTable(backend.db, table).catch(() => {})
      await backend.db.close()
    }
  })

  outboxStoreSuite(backends) // ages, retention and erasure, on the same stores
  outboxTraceSuite(backends) // attempts, decisions and explain, on the same stores

  describe.each(backends)('outbox on $name', (backend) => {
    const make = async (options: Partial<CelloOutboxOptions> = {}) =>
      createCelloOutbox({
        client: client(),
        store: await backend.store(),
        backoff: { baseMs: 1, maxMs: 2 },
        checkAfterMs: 1,
        ...options,
      })

    it('records an event once per key, then delivers it once', async () => {
      const outbox = await make()
      const first = await outbox.enqueue('new-signup', signup('u1'))
      const again = await outbox.enqueue('new-signup', {
        ...signup('u1'),
        newUser: { id: 'u1', email: 'other@example.com' },
      })
      expect(first).toEqual({ key: 'new-signup:u1', enqueued: true })
      expect(again).toEqual({ key: 'new-signup:u1', enqueued: false })
      expect((await outbox.get('new-signup:u1'))?.state).toBe('queued')
      expect(emulator.events).toHaveLength(0) // nothing is sent by enqueue

      const summary = await outbox.drain()
      expect(summary).toMatchObject({ claimed: 1, delivered: 1 })
      const event = await outbox.get('new-signup:u1')
      expect(event).toMatchObject({ state: 'delivered', attempts: 1, uncertain: false })
      expect(event?.deliveredAt).toEqual(expect.any(Number))
      expect(await outbox.drain()).toMatchObject({ claimed: 0 })
      expect(received((e) => e.payload.newUserId === 'u1')).toBe(1)
    })

    it('refuses bad input with a typed error and records nothing', async () => {
      const outbox = await make()
      const error = await outbox.enqueue('invoice-paid', { ...invoice('u2', ''), price: -1 }).catch((e: unknown) => e)
      expect(isCelloError(error, 'validation_failed')).toBe(true)
      expect(String((error as Error).message)).toMatch(/price/)
      expect(await outbox.list()).toEqual([])
    })

    it('keeps an event through an outage (503, connection refused) and delivers it after', async () => {
      const outbox = await make()
      emulator.injectFault({ kind: 'status', status: 503, path: '/events', times: 2 })
      await outbox.enqueue('invoice-paid', invoice('u3', 'in_3'))
      expect(await outbox.drain({ max: 1 })).toMatchObject({ retrying: 1 })
      const queued = await outbox.get('invoice-paid:in_3')
      expect(queued).toMatchObject({ state: 'queued', uncertain: false, lastStatus: 503 })
      expect(queued?.reason).toMatch(/503/)
      const delivered = await drainUntil(outbox, 'invoice-paid:in_3', ['delivered'])
      expect(delivered.attempts).toBe(3)
      expect(received((e) => e.context.subscription?.invoiceId === 'in_3')).toBe(1)
    })

    it('marks an event Cello refuses (400) dead, with the reason and request id', async () => {
      const outbox = await make()
      emulator.injectFault({ kind: 'status', status: 400, path: '/events', message: 'Invalid ucc' })
      await outbox.enqueue('new-signup', signup('u4'))
      await outbox.drain()
      const dead = await outbox.get('new-signup:u4')
      expect(dead).toMatchObject({ state: 'dead', lastStatus: 400, requestId: expect.any(String) })
      expect(dead?.reason).toMatch(/Invalid ucc/)
      expect(await outbox.list({ states: ['dead'] })).toHaveLength(1)
      await outbox.enqueue('demo-call-attended', signup('u4'))
      expect((await outbox.list({ order: 'newest', limit: 1 })).map((e) => e.key)).toEqual(['demo-call-attended:u4'])
      expect((await outbox.list({ limit: 1 })).map((e) => e.key)).toEqual(['new-signup:u4'])
    })

    it('never resends a signup that may have arrived: a timed-out send is checked with GET /new-users/{id}/reward', async () => {
      // Cello applies the event, but answers after the drainer gave up; the check waits for it.
      // Generous windows: a busy machine must not turn the send into "not tried".
      const outbox = await make({ sendTimeoutMs: 1000, checkAfterMs: 2000 })
      emulator.injectFault({ kind: 'latency', ms: 1500, path: '/events' })
      await outbox.enqueue('new-signup', signup('u5'))
      await outbox.drain()
      expect(await outbox.get('new-signup:u5')).toMatchObject({ state: 'ambiguous', uncertain: true })
      expect(await outbox.drain()).toMatchObject({ claimed: 0 }) // not checked while Cello may still be working on it
      const event = await drainUntil(outbox, 'new-signup:u5', ['delivered'])
      expect(event.reason).toMatch(/new-users/)
      expect(received((e) => e.payload.newUserId === 'u5')).toBe(1)
    })

    it('resends a timed-out signup that the check shows never arrived', async () => {
      const outbox = await make()
      emulator.injectFault({ kind: 'drop', path: '/events' }) // reset before Cello applied it
      await outbox.enqueue('new-signup', signup('u6'))
      await outbox.drain({ max: 1 })
      expect(await outbox.get('new-signup:u6')).toMatchObject({ state: 'ambiguous' })
      await drainUntil(outbox, 'new-signup:u6', ['delivered'])
      expect(received((e) => e.payload.newUserId === 'u6')).toBe(1)
    })

    it('holds a money event that may have arrived, until someone resolves it', async () => {
      const outbox = await make()
      emulator.injectFault({ kind: 'status', status: 500, path: '/events' })
      await outbox.enqueue('invoice-paid', invoice('u7', 'in_7'))
      await drainUntil(outbox, 'invoice-paid:in_7', ['held'])
      const held = await outbox.list({ states: ['held'] })
      expect(held.map((e) => e.key)).toEqual(['invoice-paid:in_7'])
      expect(held[0]?.reason).toMatch(/may have reached Cello/i)
      expect(await outbox.drain()).toMatchObject({ claimed: 0 }) // held is not retried

      expect(await outbox.resolve('invoice-paid:in_7', 'queued', 'not in the Event Feed')).toBe(true)
      await drainUntil(outbox, 'invoice-paid:in_7', ['delivered'])
      expect(received((e) => e.context.subscription?.invoiceId === 'in_7')).toBe(1)
    })

    it("with ambiguous: 'resend', resends a money event and says it may be a duplicate", async () => {
      const outbox = await make({ ambiguous: 'resend' })
      emulator.injectFault({ kind: 'status', status: 502, path: '/events' })
      await outbox.enqueue('invoice-paid', invoice('u8', 'in_8'))
      const event = await drainUntil(outbox, 'invoice-paid:in_8', ['delivered'])
      expect(event.reason).toMatch(/may have it twice/)
    })

    it('treats an event whose drainer died mid-lease as uncertain', async () => {
      const outbox = await make({ leaseMs: 60 })
      await outbox.enqueue('invoice-paid', invoice('u9', 'in_9'))
      // A drainer claims it and dies before settling. Its lease is long enough to still hold at the
      // next line on a loaded machine (60 ms was not).
      const [claimed] = await outbox.store.claim({ limit: 10, leaseMs: 1000, owner: 'dead-drainer' })
      expect(claimed?.key).toBe('invoice-paid:in_9')
      expect(await outbox.drain()).toMatchObject({ claimed: 0 }) // its lease still holds
      await sleep(1100)
      await outbox.drain()
      expect(await outbox.get('invoice-paid:in_9')).toMatchObject({ state: 'held', uncertain: true })
      // The dead drainer's late settle changes nothing.
      expect(
        await outbox.store.settle([
          { key: claimed!.key, leaseToken: claimed!.leaseToken, state: 'delivered', uncertain: false },
        ]),
      ).toEqual([])
    })

    it('keeps events while the client has no keys (a deployment missing its environment)', async () => {
      const keyless = createCelloClient({
        baseUrl: emulator.url,
        accessKeyId: undefined as unknown as string,
        secretAccessKey: undefined as unknown as string,
      })
      const outbox = createCelloOutbox({
        client: keyless,
        store: await backend.store(),
        backoff: { baseMs: 1, maxMs: 2 },
      })
      await outbox.enqueue('new-signup', signup('u15'))
      await outbox.drain({ max: 1 })
      expect(await outbox.get('new-signup:u15')).toMatchObject({
        state: 'queued',
        reason: expect.stringMatching(/CELLO_ACCESS_KEY_ID/),
      })
    })

    it("never sends past its batch's time: events not started in time go back to the queue untried", async () => {
      // Each send takes 150 ms; the batch may send for 300 ms after its claim (lease 2 s). Sent one
      // after the other, the last of 5 would still be on the wire long after that.
      const outbox = await make({ leaseMs: 2000, sendTimeoutMs: 300, concurrency: 1 })
      emulator.injectFault({ kind: 'latency', ms: 150, path: '/events', times: Infinity })
      for (let i = 0; i < 5; i++) await outbox.enqueue('demo-call-attended', signup(`u16-${i}`))
      const summary = await outbox.drain({ max: 5 })
      expect(summary.claimed).toBe(5)
      const untried = (await outbox.list({ states: ['queued'] })).filter((e) => /not tried/.test(e.reason ?? ''))
      expect(untried.length).toBeGreaterThanOrEqual(3)
      expect(emulator.events.length).toBeLessThanOrEqual(2)
      emulator.clearFaults()
      for (const event of untried) await drainUntil(outbox, event.key, ['delivered'])
      // A send cut off at the batch's deadline is ambiguous (held here), never sent twice.
      const atCello = emulator.events.map((e) => e.payload.newUserId)
      expect(new Set(atCello).size).toBe(atCello.length)
    })

    it('gives up after maxAgeMs', async () => {
      const outbox = await make({ maxAgeMs: 0 })
      await outbox.enqueue('demo-call-attended', signup('u10'))
      await sleep(5)
      await outbox.drain()
      expect(await outbox.get('demo-call-attended:u10')).toMatchObject({
        state: 'dead',
        reason: expect.stringMatching(/maxAgeMs/),
      })
      expect(emulator.events).toHaveLength(0)
    })

    it("sends a user's events in order: the signup before the purchase, the payment before its refund", async () => {
      const outbox = await make()
      // The signup's send is slow: without ordering, the purchase (sent alongside) would arrive first.
      emulator.injectFault({ kind: 'latency', ms: 150, path: '/events' })
      await outbox.enqueue('new-signup', signup('u14'))
      await outbox.enqueue('invoice-paid', invoice('u14', 'in_14'))
      await outbox.enqueue('charge-refunded', { ...invoice('u14', 'in_14'), price: 49 })
      const first = await outbox.store.claim({ limit: 10, leaseMs: 1000, owner: 'probe' })
      expect(first.map((e) => e.key)).toEqual(['new-signup:u14']) // the others are not due while it is on its way
      await outbox.store.settle([
        { key: first[0]!.key, leaseToken: first[0]!.leaseToken, state: 'queued', uncertain: false },
      ])
      await outbox.drain()
      expect(emulator.events.map((e) => e.context.event.trigger)).toEqual([
        'new-signup',
        'invoice-paid',
        'charge-refunded',
      ])
    })

    it('keys money events by invoice, and refunds by refund id when given', async () => {
      const outbox = await make()
      const refund = { ...invoice('u11', 'in_11'), price: 10 }
      expect((await outbox.enqueue('charge-refunded', refund)).key).toBe('charge-refunded:in_11')
      expect((await outbox.enqueue('charge-refunded', refund, { refundId: 're_1' })).key).toBe('charge-refunded:re_1')
      expect((await outbox.enqueue('charge-refunded', refund, { refundId: 're_2' })).enqueued).toBe(true)
      expect((await outbox.enqueue('charge-refunded', refund, { refundId: 're_1' })).enqueued).toBe(false)
    })

    it('a worker reports a failing store to onError and keeps going', async () => {
      const store = await backend.store()
      let failures = 2
      const flaky: CelloOutboxStore = {
        ...store,
        claim: (o) => (failures-- > 0 ? Promise.reject(new Error('connection terminated')) : store.claim(o)),
      }
      const errors: unknown[] = []
      const outbox = createCelloOutbox({ client: client(), store: flaky, onError: (e) => errors.push(e) })
      await outbox.enqueue('new-signup', signup('u13'))
      const worker = outbox.start({ intervalMs: 5 })
      await expect
        .poll(async () => (await outbox.get('new-signup:u13'))?.state, { timeout: 15_000, interval: 10 })
        .toBe('delivered')
      await worker.stop()
      expect(errors.map((e) => (e as Error).message)).toEqual(['connection terminated', 'connection terminated'])
      expect((await outbox.get('new-signup:u13'))?.state).toBe('delivered')
    })

    it('a worker drains on its own and stops cleanly', async () => {
      const outbox = await make()
      await outbox.enqueue('new-signup', signup('u12'))
      const worker = outbox.start({ intervalMs: 10 })
      await expect
        .poll(async () => (await outbox.get('new-signup:u12'))?.state, { timeout: 15_000, interval: 10 })
        .toBe('delivered')
      await worker.stop()
      expect((await outbox.get('new-signup:u12'))?.state).toBe('delivered')
    })
  })

  describe.each(selected)('postgresOutbox on $name', (engine) => {
    let db: TestDatabase
    const table = uniqueTable()
    beforeAll(async () => {
      db = await engine.open()
    }, DB_HOOK_TIMEOUT)
    afterAll(async () => {
      await dropTable(db, table)
      await db.close()
    })

    it("enqueues inside the app's transaction: a rollback records nothing, a commit records the event", async () => {
      const store = postgresOutbox({ executor: db.executor(), table })
      await store.createSchema()
      await store.createSchema() // idempotent
      const outbox = createCelloOutbox({ client: client(), store })

      const rolledBack = await db.connect()
      try {
        await rolledBack.query('BEGIN')
        await outbox.enqueue('new-signup', signup('tx1'), { executor: rolledBack })
        await rolledBack.query('ROLLBACK')
      } finally {
        rolledBack.release()
      }
      expect(await outbox.get('new-signup:tx1')).toBeNull()

      const committed = await db.connect()
      try {
        await committed.query('BEGIN')
        await outbox.enqueue('new-signup', signup('tx1'), { executor: committed })
        await committed.query('COMMIT')
      } finally {
        committed.release()
      }
      expect((await outbox.get('new-signup:tx1'))?.state).toBe('queued')
    })

    it("takes node-postgres's Pool and PoolClient, PGlite and a postgres.js-style function as executors", () => {
      expectTypeOf<pg.Pool>().toExtend<QueryExecutor>()
      expectTypeOf<pg.PoolClient>().toExtend<QueryExecutor>()
      expectTypeOf<PGlite>().toExtend<QueryExecutor>()
      expectTypeOf<(text: string, values: unknown[]) => Promise<Record<string, unknown>[]>>().toExtend<QueryExecutor>()
    })

    it('refuses a table name that is not a plain identifier', () => {
      expect(() => postgresOutbox({ executor: db.executor(), table: 'x; DROP TABLE users' })).toThrow(/identifier/)
    })
  })
}
