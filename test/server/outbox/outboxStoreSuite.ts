// What each store owes beyond delivery, run by outboxSuite on every engine (memory, PGlite,
// PostgreSQL): ages by the store's clock, retention (prune) and erasure (eraseUser).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createCelloClient,
  createCelloOutbox,
  isCelloError,
  type CelloOutbox,
  type CelloOutboxStore,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

/** A store to test, fresh (its own table) on each call. */
export interface StoreBackend {
  name: string
  store: () => Promise<CelloOutboxStore>
}

const DAY = 24 * 60 * 60 * 1000
const UCC = 'pNRB1aYqArN'

export function outboxStoreSuite(backends: readonly StoreBackend[]) {
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
  const signup = (id: string) => ({ ucc: UCC, newUser: { id, email: `${id}@example.com`, name: `Name of ${id}` } })

  describe.each(backends)('outbox store on $name', (backend) => {
    const make = async (options: { now?: () => number } = {}) =>
      createCelloOutbox({
        client: client(),
        store: await backend.store(),
        backoff: { baseMs: 1, maxMs: 2 },
        ...options,
      })

    it("ages events by the store's clock: a drainer 4 days ahead still delivers a fresh event", async () => {
      const outbox = await make({ now: () => Date.now() + 4 * DAY }) // maxAgeMs is 3 days
      await outbox.enqueue('new-signup', signup('skew1'))
      const [claimed] = await outbox.store.claim({ limit: 1, leaseMs: 1000, owner: 'probe' })
      expect(claimed?.ageMs).toBeGreaterThanOrEqual(0)
      expect(claimed?.ageMs).toBeLessThan(60_000)
      await outbox.store.settle([
        { key: claimed!.key, leaseToken: claimed!.leaseToken, state: 'queued', uncertain: false },
      ])
      expect(await outbox.drain()).toMatchObject({ delivered: 1, dead: 0 })
      expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['skew1'])
    })

    const personOf = async (outbox: CelloOutbox, key: string) => (await outbox.get(key))?.envelope.context.newUser
    const invoice = (id: string, invoiceId: string) => ({
      ...signup(id),
      price: 49,
      currency: 'EUR',
      subscription: { invoiceId, interval: 'monthly' as const, productKey: 'Pro' },
    })

    it('prune removes the email and name of old delivered and dead events, and keeps the rest', async () => {
      const outbox = await make()
      await outbox.enqueue('new-signup', signup('p1'))
      await outbox.enqueue('invoice-paid', invoice('p1', 'in_p1'))
      await outbox.drain()
      emulator.injectFault({ kind: 'status', status: 400, path: '/events', message: 'Invalid ucc' })
      await outbox.enqueue('new-signup', signup('p2'))
      await outbox.drain()
      await outbox.enqueue('new-signup', signup('p3')) // queued: not pruned, whatever its age
      const before = await outbox.get('new-signup:p1')
      expect((await outbox.get('new-signup:p2'))?.state).toBe('dead')

      const future = Date.now() + 60_000
      expect(await outbox.prune({ deliveredBefore: Date.now() - DAY })).toBe(0) // nothing that old
      expect(await outbox.prune({ deliveredBefore: new Date(future), deadBefore: Date.now() - DAY })).toBe(2)
      expect(await personOf(outbox, 'new-signup:p1')).toEqual({ id: 'p1' })
      expect(await personOf(outbox, 'invoice-paid:in_p1')).toEqual({ id: 'p1' })
      expect(await personOf(outbox, 'new-signup:p2')).toMatchObject({ email: 'p2@example.com' }) // deadBefore
      expect(await outbox.prune({ deliveredBefore: future })).toBe(1) // the dead one, by default
      expect(await personOf(outbox, 'new-signup:p2')).toEqual({ id: 'p2' })
      expect(await outbox.prune({ deliveredBefore: future })).toBe(0)
      expect(await personOf(outbox, 'new-signup:p3')).toMatchObject({ email: 'p3@example.com', name: 'Name of p3' })

      // Key, trigger, state and times stay, so the event cannot be recorded (and sent) again.
      const after = await outbox.get('new-signup:p1')
      const { envelope: _before, ...kept } = before!
      expect(after).toMatchObject({ ...kept, state: 'delivered' })
      expect(after?.envelope.payload).toEqual(before?.envelope.payload)
      expect(await outbox.enqueue('new-signup', signup('p1'))).toMatchObject({ enqueued: false })
      expect(await personOf(outbox, 'new-signup:p1')).toEqual({ id: 'p1' })
    })

    it("eraseUser removes a user's personal data everywhere and stops their unsent events", async () => {
      const outbox = await make()
      await outbox.enqueue('new-signup', signup('e1'))
      await outbox.drain() // delivered
      await outbox.enqueue('invoice-paid', invoice('e1', 'in_e1'))
      // e1 in an organization's event (organization-level attribution), and another user's signup.
      await outbox.enqueue('demo-call-attended', {
        ucc: UCC,
        newUserId: 'org-e',
        newUser: { id: 'e1', email: 'e1@example.com', organizationId: 'org-e' },
      })
      await outbox.enqueue('new-signup', signup('e3'))
      // A drainer is sending the invoice right now.
      const [sending] = await outbox.store.claim({
        limit: 1,
        leaseMs: 60_000,
        owner: 'probe',
        keys: ['invoice-paid:in_e1'],
      })
      expect(sending?.state).toBe('sending')

      expect(await outbox.eraseUser('e1')).toEqual({ erased: 3, cancelled: 2, decisions: 0 })
      expect(await outbox.get('new-signup:e1')).toMatchObject({ state: 'delivered' })
      for (const key of ['invoice-paid:in_e1', 'demo-call-attended:org-e']) {
        expect(await outbox.get(key)).toMatchObject({ state: 'dead', reason: 'erased' })
      }
      const leftovers = (await outbox.list()).filter((e) => JSON.stringify(e.envelope).includes('e1@example.com'))
      expect(leftovers).toEqual([])
      expect(await personOf(outbox, 'new-signup:e3')).toMatchObject({ email: 'e3@example.com' })
      // The drainer's late outcome changes nothing; nothing of e1 is sent after the erasure.
      expect(
        await outbox.store.settle([
          { key: sending!.key, leaseToken: sending!.leaseToken, state: 'delivered', uncertain: false },
        ]),
      ).toEqual([])
      await outbox.drain()
      expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['e1', 'e3'])
      expect(await outbox.eraseUser('e1')).toEqual({ erased: 0, cancelled: 0, decisions: 0 })
      expect(await outbox.enqueue('new-signup', signup('e1'))).toMatchObject({ enqueued: false })
      expect(await personOf(outbox, 'new-signup:e1')).toEqual({ id: 'e1' })
    })

    it('prune and eraseUser refuse bad arguments with a typed error', async () => {
      const outbox = await make()
      const caught = (run: () => Promise<unknown>) =>
        run().then(
          () => null,
          (e: unknown) => e,
        )
      expect(
        isCelloError(await caught(() => outbox.prune({ deliveredBefore: new Date('soon') })), 'invalid_argument'),
      ).toBe(true)
      expect(
        isCelloError(await caught(() => outbox.prune({ deliveredBefore: 0, deadBefore: NaN })), 'invalid_argument'),
      ).toBe(true)
      expect(isCelloError(await caught(() => outbox.eraseUser('')), 'invalid_argument')).toBe(true)
    })
  })
}
