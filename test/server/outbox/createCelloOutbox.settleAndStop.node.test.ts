// The drain loop when the database blinks during settle, and when the worker is stopped with a
// backlog (issue 20): Cello's 2xx answers are never thrown away, and stop() does not wait for the
// backlog. On the in-memory store, PGlite, and PostgreSQL (DATABASE_URL), each in its own table.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  celloEventKey,
  createCelloClient,
  createCelloOutbox,
  memoryOutbox,
  postgresOutbox,
  type CelloOutboxOptions,
  type CelloOutboxStore,
  type OutboxEntry,
  type QueryExecutor,
  type TrackInvoicePaidInput,
} from '../../../src/server'
import { buildEvent } from '../../../src/server/client/buildEvent'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { dropTable, engines, uniqueTable, type TestDatabase, DB_HOOK_TIMEOUT } from './databases'
import { terminateOnSettle } from './terminateOnSettle'

const UCC = 'pNRB1aYqArN'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const signup = (id: string) => ({ ucc: UCC, newUser: { id, email: `${id}@example.com` } })
const invoice = (id: string, invoiceId: string): TrackInvoicePaidInput => ({
  ...signup(id),
  price: 49,
  currency: 'EUR',
  subscription: { invoiceId, interval: 'monthly', productKey: 'Pro' },
})

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
/** How many times Cello received the event of each key. */
const receivedByKey = () => {
  const counts = new Map<string, number>()
  for (const e of emulator.events) {
    const key =
      e.context.event.trigger === 'invoice-paid'
        ? `invoice-paid:${e.context.subscription?.invoiceId}`
        : `${e.context.event.trigger}:${e.payload.newUserId}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/** A store whose settle fails (before touching anything) while `down.settle` is true. */
function blinking(store: CelloOutboxStore) {
  const down = { settle: false, failures: 0 }
  const wrapped: CelloOutboxStore = {
    ...store,
    settle: (settlements) => {
      if (!down.settle) return store.settle(settlements)
      down.failures += 1
      return Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' }))
    },
  }
  return { store: wrapped, down }
}

const backends = [{ name: 'memory', open: null }, ...engines] as const

describe.each(backends)('drain loop on $name', ({ name, open }) => {
  let db: TestDatabase | undefined
  const tables: string[] = []
  beforeAll(async () => {
    db = open ? await open() : undefined
  }, DB_HOOK_TIMEOUT)
  afterAll(async () => {
    if (!db) return
    for (const table of tables) await dropTable(db, table).catch(() => {})
    await db.close()
  })
  const newStore = async (executor?: QueryExecutor): Promise<CelloOutboxStore> => {
    if (!db) return memoryOutbox()
    const table = uniqueTable()
    tables.push(table)
    const store = postgresOutbox({ executor: executor ?? db.executor(), table })
    await store.createSchema()
    return store
  }
  const outboxOn = (store: CelloOutboxStore, options: Partial<CelloOutboxOptions> = {}) =>
    createCelloOutbox({ client: client(), store, backoff: { baseMs: 1, maxMs: 2 }, checkAfterMs: 1, ...options })

  it('retries a settle whose answer was lost after it committed, and counts each outcome once', async () => {
    const store = await newStore()
    let lost = 0
    const losing: CelloOutboxStore = {
      ...store,
      settle: async (settlements) => {
        const recorded = await store.settle(settlements)
        if (lost++ === 0) throw new Error('Connection terminated unexpectedly') // committed, answer lost
        return recorded
      },
    }
    const settled: string[] = []
    const outbox = outboxOn(losing, { onSettled: (e) => settled.push(`${e.key}=${e.state}`) })
    for (let i = 0; i < 5; i++) await outbox.enqueue('invoice-paid', invoice(`l${i}`, `in_l${i}`))
    const summary = await outbox.drain()
    expect(lost).toBe(2) // the first settle threw, the retry answered
    expect(summary).toMatchObject({ claimed: 5, delivered: 5, leaseLost: 0, held: 0 })
    expect(settled.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `invoice-paid:in_l${i}=delivered`))
    expect((await outbox.list({ states: ['delivered'] })).length).toBe(5)
    expect([...receivedByKey().values()]).toEqual([1, 1, 1, 1, 1])
  })

  it('keeps a batch whose settle failed past its lease; a later drain records the deliveries over rows that became held', async () => {
    const { store, down } = blinking(await newStore())
    const errors: unknown[] = []
    // The sends must all be answered within the lease: on a loaded machine a 200 ms send timeout
    // left some unanswered, and nothing was confirmed to record later.
    const outbox = outboxOn(store, { leaseMs: 1500, sendTimeoutMs: 1000, onError: (e) => errors.push(e) })
    for (let i = 0; i < 3; i++) await outbox.enqueue('invoice-paid', invoice(`h${i}`, `in_h${i}`))
    down.settle = true
    await expect(outbox.drain()).rejects.toThrow(/Connection terminated/)
    expect(down.failures).toBeGreaterThan(1) // retried while the lease held
    expect([...receivedByKey().values()]).toEqual([1, 1, 1]) // Cello confirmed each
    expect((await outbox.list({ states: ['sending'] })).length).toBe(3)

    // The lease expires; another drainer takes the events as "may have reached Cello": held.
    // The database is back by then.
    await sleep(1550)
    down.settle = false
    const other = outboxOn(store)
    expect(await other.drain()).toMatchObject({ held: 3 })
    expect((await outbox.list({ states: ['held'] })).length).toBe(3)

    // The first drainer records what Cello confirmed, before its next claim.
    expect(await outbox.drain()).toMatchObject({ claimed: 0, delivered: 3 })
    const events = await outbox.list()
    expect(events.map((e) => e.state)).toEqual(['delivered', 'delivered', 'delivered'])
    expect(events[0]?.reason).toMatch(/recorded late/)
    expect(events[0]?.uncertain).toBe(false)
    expect([...receivedByKey().values()]).toEqual([1, 1, 1]) // never resent
  })

  it('a worker reports a settle that failed past its lease to onError, then records it', async () => {
    const { store, down } = blinking(await newStore())
    const errors: unknown[] = []
    const outbox = outboxOn(store, { leaseMs: 400, sendTimeoutMs: 200, onError: (e) => errors.push(e) })
    await outbox.enqueue('invoice-paid', invoice('w1', 'in_w1'))
    down.settle = true
    const worker = outbox.start({ intervalMs: 20 })
    await expect.poll(() => errors.length, { timeout: 10_000, interval: 10 }).toBeGreaterThan(0)
    expect((errors[0] as Error).message).toMatch(/Connection terminated/)
    down.settle = false
    await expect
      .poll(async () => (await outbox.get('invoice-paid:in_w1'))?.state, { timeout: 10_000, interval: 10 })
      .toBe('delivered')
    await worker.stop()
    expect(receivedByKey().get('invoice-paid:in_w1')).toBe(1)
  })

  it('records a late confirmed delivery over held, ambiguous or queued rows only: never over a live claim, nor a dead row', async () => {
    const store = await newStore()
    const outbox = outboxOn(store)
    const keys = ['sending', 'dead', 'held', 'queued'].map((s) => `invoice-paid:in_c_${s}`)
    for (const key of keys) await outbox.enqueue('invoice-paid', invoice('c', key.slice('invoice-paid:'.length)))
    const claimed = await store.claim({ limit: 10, leaseMs: 60_000, owner: 'live' })
    const token = (key: string) => claimed.find((e) => e.key === key)?.leaseToken ?? ''
    await store.settle([
      { key: keys[1]!, leaseToken: token(keys[1]!), state: 'dead', uncertain: false },
      { key: keys[2]!, leaseToken: token(keys[2]!), state: 'held', uncertain: true },
      { key: keys[3]!, leaseToken: token(keys[3]!), state: 'queued', uncertain: false },
    ])
    const late = keys.map((key) => ({
      key,
      leaseToken: 'an-expired-lease',
      state: 'delivered' as const,
      uncertain: false,
      confirmed: true,
    }))
    expect((await store.settle(late)).sort()).toEqual([keys[2], keys[3]].sort())
    expect((await store.get(keys[0]!))?.state).toBe('sending') // the live claim keeps it
    expect((await store.get(keys[1]!))?.state).toBe('dead')
    // Without `confirmed`, an expired lease changes nothing (the store's lease-token guard).
    expect(await store.settle([{ ...late[0]!, key: keys[1]!, confirmed: false, state: 'queued' }])).toEqual([])
    // The live claim's own outcome still lands.
    expect(
      await store.settle([{ key: keys[0]!, leaseToken: token(keys[0]!), state: 'held', uncertain: true }]),
    ).toEqual([keys[0]])
  })

  it('stop() with 10,000 events queued and a slow Cello resolves within one send timeout, not after the backlog', async () => {
    const store = await newStore()
    const entries: OutboxEntry[] = []
    for (let i = 0; i < 10_000; i++) {
      const envelope = buildEvent('demo-call-attended', signup(`s${i}`))
      entries.push({ key: celloEventKey(envelope), trigger: 'demo-call-attended', envelope })
    }
    for (let i = 0; i < entries.length; i += 1000) await store.enqueue(entries.slice(i, i + 1000))
    const sendTimeoutMs = 2000
    const outbox = outboxOn(store, { leaseMs: 4000, sendTimeoutMs })
    emulator.injectFault({ kind: 'latency', ms: 200, path: '/events', times: Infinity })
    const worker = outbox.start({ intervalMs: 10 })
    await expect.poll(() => emulator.events.length, { timeout: 15_000, interval: 5 }).toBeGreaterThanOrEqual(20)
    const started = performance.now()
    const stopped = await Promise.race([
      worker.stop().then(() => performance.now() - started),
      sleep(sendTimeoutMs * 3).then(() => Infinity),
    ])
    emulator.clearFaults()
    expect(stopped).toBeLessThan(sendTimeoutMs * 1.5)
    const queued = await outbox.list({ states: ['queued'], limit: 10_000 })
    expect(queued.length).toBeGreaterThan(9000) // the backlog is still there, for the next process
    expect(await outbox.list({ states: ['sending', 'held', 'ambiguous'] })).toEqual([]) // the batch was settled
    expect(emulator.events.length).toBeLessThan(1000)
  })

  const terminate = name === 'PostgreSQL' ? it : it.skip
  terminate(
    `keeps Cello's 2xx answers when the drainer's connection is terminated as it settles${name === 'PostgreSQL' ? '' : ` (skipped on ${name}: no server backend to terminate)`}`,
    async () => {
      // The drainer's first two settle statements find their connection terminated.
      let kills = 0
      const { executor, terminated } = terminateOnSettle(db!, () => kills++ < 2)
      const store = await newStore(executor)
      const outbox = outboxOn(store, { leaseMs: 10_000, sendTimeoutMs: 5000 })
      for (let i = 0; i < 20; i++) await outbox.enqueue('invoice-paid', invoice(`t${i}`, `in_t${i}`))
      for (let i = 0; i < 10; i++) await outbox.enqueue('new-signup', signup(`t${i}`))
      const summary = await outbox.drain()
      expect(terminated.length).toBe(2) // the settle statement did lose its connection, twice
      expect(summary).toMatchObject({ claimed: 30, delivered: 30, held: 0, leaseLost: 0 })
      const events = await outbox.list({ limit: 100 })
      expect(events.filter((e) => e.state !== 'delivered')).toEqual([])
      await sleep(50)
      expect(await outboxOn(store).drain()).toMatchObject({ claimed: 0 }) // nothing left to resend
      const counts = receivedByKey()
      expect(counts.size).toBe(30)
      expect([...counts.values()].every((n) => n === 1)).toBe(true)
    },
  )
})
