// The drainer checks a new-signup's referral code with Cello before its first send
// (https://github.com/react-cello/react-cello/issues/20): an unknown code or the new user's own
// code is never sent, and a check Cello could not answer sends nothing and keeps the event. On the
// in-memory store, and on PostgreSQL when DATABASE_URL is set.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createCelloClient,
  createCelloOutbox,
  memoryOutbox,
  postgresOutbox,
  type CelloOutboxStore,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { dropTable, engines, uniqueTable, type TestDatabase } from './databases'

const UCC = 'pNRB1aYqArN' // alice's
let emulator: CelloEmulator
beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: UCC }] })
})
afterEach(() => emulator.reset())
afterAll(() => emulator.close())

const postgres = engines.find((engine) => engine.name === 'PostgreSQL')
let db: TestDatabase | undefined
const tables: string[] = []
afterAll(async () => {
  if (!db) return
  for (const table of tables) await dropTable(db, table).catch(() => {})
  await db.close()
})

const stores: { name: string; store: () => Promise<CelloOutboxStore> }[] = [
  { name: 'memory', store: async () => memoryOutbox() },
  ...(postgres
    ? [
        {
          name: 'PostgreSQL',
          store: async () => {
            db ??= await postgres.open()
            const table = uniqueTable()
            tables.push(table)
            const store = postgresOutbox({ executor: db.executor(), table })
            await store.createSchema()
            return store
          },
        },
      ]
    : []),
]

describe.each(stores)('the signup check on $name', ({ store }) => {
  // A client per outbox: its cache of Cello's answers starts empty.
  const make = async () =>
    createCelloOutbox({
      client: createCelloClient({
        baseUrl: emulator.url,
        accessKeyId: emulator.accessKeyId,
        secretAccessKey: emulator.secretAccessKey,
      }),
      store: await store(),
      backoff: { baseMs: 1, maxMs: 2 },
    })
  const sent = () => emulator.requests.filter((r) => r.path === '/events')

  it('marks a signup with a code Cello does not know dead (invalid_code), and never sends it', async () => {
    const outbox = await make()
    await outbox.enqueue('new-signup', { ucc: 'NoSuchCode1', newUser: { id: 'u1', email: 'u1@example.com' } })
    expect(await outbox.drain()).toMatchObject({ claimed: 1, dead: 1 })
    expect(await outbox.get('new-signup:u1')).toMatchObject({
      state: 'dead',
      uncertain: false,
      reason: expect.stringMatching(/^invalid_code/),
    })
    expect(sent()).toEqual([])
  })

  it("marks a signup with the new user's own code, or the organization's, dead (self_referral)", async () => {
    emulator.addReferrer({ productUserId: 'org-7', ucc: 'OrgSevenCode' })
    const outbox = await make()
    // alice reports her own signup with her own code
    await outbox.enqueue('new-signup', { ucc: UCC, newUser: { id: 'alice', email: 'alice@example.com' } })
    // an organization attributed to its own code, and alice's code for the organization she joined
    await outbox.enqueue('new-signup', {
      ucc: 'OrgSevenCode',
      newUserId: 'org-7',
      newUser: { id: 'u2', email: 'u2@example.com', organizationId: 'org-7' },
    })
    await outbox.enqueue('new-signup', {
      ucc: UCC,
      newUserId: 'org-8',
      newUser: { id: 'alice', email: 'alice@example.com', organizationId: 'org-8' },
    })
    expect(await outbox.drain()).toMatchObject({ claimed: 3, dead: 3 })
    const events = await outbox.list()
    expect(events.map((e) => [e.key, e.state, e.reason?.split(':')[0]])).toEqual([
      ['new-signup:alice', 'dead', 'self_referral'],
      ['new-signup:org-7', 'dead', 'self_referral'],
      ['new-signup:org-8', 'dead', 'self_referral'],
    ])
    expect(sent()).toEqual([])
    // A friend's code goes through.
    await outbox.enqueue('new-signup', { ucc: UCC, newUser: { id: 'u3', email: 'u3@example.com' } })
    expect(await outbox.drain()).toMatchObject({ delivered: 1 })
  })

  it('keeps a signup queued, unsent, while the check cannot reach Cello; sends it once it can', async () => {
    const outbox = await make()
    emulator.injectFault({ kind: 'drop', path: '/referral-codes/', method: 'GET' })
    await outbox.enqueue('new-signup', { ucc: UCC, newUser: { id: 'u4', email: 'u4@example.com' } })
    expect(await outbox.drain({ max: 1 })).toMatchObject({ claimed: 1, retrying: 1 })
    expect(await outbox.get('new-signup:u4')).toMatchObject({
      state: 'queued',
      uncertain: false,
      reason: expect.stringMatching(/check of its referral code failed: api_unreachable/),
    })
    expect(sent()).toEqual([])
    expect(emulator.requests.filter((r) => r.path.startsWith('/referral-codes/'))).toEqual([
      expect.objectContaining({ status: 'dropped' }),
    ])
    await new Promise((resolve) => setTimeout(resolve, 10)) // its backoff
    expect(await outbox.drain()).toMatchObject({ delivered: 1 })
    expect(emulator.events.map((e) => e.payload.newUserId)).toEqual(['u4'])
  })

  it('checks each code once per minute: one lookup for many signups with the same code', async () => {
    const outbox = await make()
    for (let i = 0; i < 5; i++)
      await outbox.enqueue('new-signup', { ucc: UCC, newUser: { id: `m${i}`, email: `m${i}@example.com` } })
    expect(await outbox.drain()).toMatchObject({ delivered: 5 })
    // the first batch's sends run side by side: at most one lookup per send in flight, then cached
    const lookups = emulator.requests.filter((r) => r.path === `/referral-codes/${UCC}`).length
    expect(lookups).toBeGreaterThanOrEqual(1)
    await outbox.enqueue('new-signup', { ucc: UCC, newUser: { id: 'm5', email: 'm5@example.com' } })
    expect(await outbox.drain()).toMatchObject({ delivered: 1 })
    expect(emulator.requests.filter((r) => r.path === `/referral-codes/${UCC}`).length).toBe(lookups)
  })
})
