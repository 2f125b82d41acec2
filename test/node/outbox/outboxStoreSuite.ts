// What each store owes beyond delivery, run by outboxSuite on every engine (memory, PGlite,
// PostgreSQL): ages by the store's clock, retention (prune) and erasure (eraseUser).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, createCelloOutbox, type CelloOutboxStore } from '../../../src/server'
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
  })
}
