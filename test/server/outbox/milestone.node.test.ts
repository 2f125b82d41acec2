// MilestoneReached (Cello's behaviour-based triggers, issue 24) through the outbox to the emulator,
// on the memory store, PGlite and (with DATABASE_URL) PostgreSQL: one event per referrer and
// trigger, in the shape of Cello's guide, traced without a referral code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  CelloValidationError,
  createCelloClient,
  createCelloOutbox,
  memoryOutbox,
  postgresOutbox,
  type CelloClient,
  type CelloOutboxStore,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { DB_HOOK_TIMEOUT, openPglite, openPostgres, uniqueTable, type TestDatabase } from './databases'

let emulator: CelloEmulator
let cello: CelloClient
const databases: TestDatabase[] = []

beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }] })
  cello = createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    retry: { retries: 0 },
  })
  databases.push(await openPglite())
  if (process.env.DATABASE_URL) databases.push(await openPostgres(process.env.DATABASE_URL))
}, DB_HOOK_TIMEOUT)
afterAll(async () => {
  await emulator.close()
  await Promise.all(databases.map((db) => db.close()))
})
beforeEach(() => emulator.reset())

describe('trackMilestone', () => {
  it('sends the MilestoneReached shape of Cello’s guide, and the emulator records it apart from events', async () => {
    const envelope = await cello.trackMilestone({ productUserId: 'alice', trigger: 'five-presentations-viewed' })
    expect(envelope).toEqual({
      eventName: 'MilestoneReached',
      payload: { productUserId: 'alice' },
      context: { event: { trigger: 'five-presentations-viewed' } },
    })
    expect(emulator.milestones).toMatchObject([{ ...envelope, sequence: 1 }])
    expect(emulator.events).toEqual([])
  })

  it('refuses a trigger that would make an ambiguous key, before sending', async () => {
    for (const trigger of ['', 'two words', 'a:b', 'x'.repeat(101)]) {
      await expect(cello.trackMilestone({ productUserId: 'alice', trigger })).rejects.toBeInstanceOf(
        CelloValidationError,
      )
    }
    expect(emulator.milestones).toEqual([])
  })

  it('refuses a MilestoneReached without a trigger in sendEvent, before sending', async () => {
    await expect(
      cello.sendEvent({
        eventName: 'MilestoneReached',
        payload: { productUserId: 'alice' },
        context: { event: {} },
      } as never),
    ).rejects.toBeInstanceOf(CelloValidationError)
  })
})

const stores: [string, () => Promise<CelloOutboxStore>][] = [
  ['memory', () => Promise.resolve(memoryOutbox())],
  ...['PGlite', 'PostgreSQL'].map((name): [string, () => Promise<CelloOutboxStore>] => [
    name,
    async () => {
      const db = databases.find((d) => d.name === name)!
      const store = postgresOutbox({ executor: db.executor(), table: uniqueTable() })
      await store.createSchema()
      return store
    },
  ]),
]

describe.each(stores)('outbox milestone-reached (%s)', (name, openStore) => {
  it.skipIf(name === 'PostgreSQL' && !process.env.DATABASE_URL)(
    'delivers once per referrer and trigger, however often it is enqueued',
    async () => {
      const outbox = createCelloOutbox({ client: cello, store: await openStore() })
      const first = await outbox.enqueue('milestone-reached', { productUserId: 'alice', trigger: 'first-invite-sent' })
      const again = await outbox.enqueue('milestone-reached', { productUserId: 'alice', trigger: 'first-invite-sent' })
      const other = await outbox.enqueue('milestone-reached', { productUserId: 'alice', trigger: 'five-invites-sent' })
      expect(first).toEqual({ key: 'milestone-reached:first-invite-sent:alice', enqueued: true })
      expect(again).toEqual({ key: 'milestone-reached:first-invite-sent:alice', enqueued: false })
      expect(other.enqueued).toBe(true)
      const summary = await outbox.drain()
      expect(summary).toMatchObject({ claimed: 2, delivered: 2 })
      expect(emulator.milestones.map((m) => m.context.event.trigger).sort()).toEqual([
        'first-invite-sent',
        'five-invites-sent',
      ])
      await outbox.enqueue('milestone-reached', { productUserId: 'alice', trigger: 'first-invite-sent' })
      expect(await outbox.drain()).toMatchObject({ claimed: 0 })
      expect(emulator.milestones).toHaveLength(2)
      const { events } = await outbox.explain('alice')
      expect(events.map((e) => [e.key, e.trigger, e.newUserId, e.code, e.state])).toEqual([
        ['milestone-reached:first-invite-sent:alice', 'milestone-reached', 'alice', null, 'delivered'],
        ['milestone-reached:five-invites-sent:alice', 'milestone-reached', 'alice', null, 'delivered'],
      ])
    },
    DB_HOOK_TIMEOUT,
  )

  it.skipIf(name === 'PostgreSQL' && !process.env.DATABASE_URL)(
    'stops an erased referrer’s unsent milestones, as every other event of theirs',
    async () => {
      const outbox = createCelloOutbox({ client: cello, store: await openStore() })
      const { key } = await outbox.enqueue('milestone-reached', {
        productUserId: 'alice',
        trigger: 'first-invite-sent',
      })
      expect(await outbox.eraseUser('alice')).toMatchObject({ erased: 1, cancelled: 1 })
      expect(await outbox.get(key)).toMatchObject({ state: 'dead', reason: 'erased' })
      expect(await outbox.drain()).toMatchObject({ claimed: 0 })
      expect(emulator.milestones).toEqual([])
    },
    DB_HOOK_TIMEOUT,
  )
})
