// The outbox's trace (issue 22), run by outboxSuite on every engine (memory, PGlite, PostgreSQL):
// each attempt of each event, bounded per event; the signup decisions, bounded per user; explain by
// key and by user id; prune and eraseUser removing the decisions.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createCelloClient,
  createCelloOutbox,
  type CelloOutboxOptions,
  type SignupDecision,
  type TrackInvoicePaidInput,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import type { StoreBackend } from './outboxStoreSuite'

const UCC = 'pNRB1aYqArN'
const DAY = 24 * 60 * 60 * 1000

export function outboxTraceSuite(backends: readonly StoreBackend[]) {
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
  const invoice = (id: string, invoiceId: string): TrackInvoicePaidInput => ({
    ...signup(id),
    price: 49,
    currency: 'EUR',
    subscription: { invoiceId, interval: 'monthly', productKey: 'Pro' },
  })
  const decision = (userId: string, over: Partial<Omit<SignupDecision, 'at'>> = {}): Omit<SignupDecision, 'at'> => ({
    userId,
    newUserId: userId,
    outcome: 'refused',
    reason: 'invalid_code',
    code: UCC,
    codeFrom: 'body',
    eventKey: null,
    duplicate: false,
    ...over,
  })

  describe.each(backends)('outbox trace on $name', (backend) => {
    const make = async (options: Partial<CelloOutboxOptions> = {}) =>
      createCelloOutbox({
        client: client(),
        store: await backend.store(),
        backoff: { baseMs: 1, maxMs: 2 },
        checkAfterMs: 1,
        ...options,
      })
    /** Drains until `key` reaches `state` (backoff is 1 ms here, so each retry is due at once or nearly). */
    const drainUntil = async (outbox: Awaited<ReturnType<typeof make>>, key: string, state: string) => {
      for (const started = Date.now(); Date.now() - started < 20_000;) {
        await outbox.drain()
        if ((await outbox.get(key))?.state === state) return
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      throw new Error(`${key} never reached ${state}`)
    }
    const attemptsOf = async (outbox: Awaited<ReturnType<typeof make>>, key: string) => {
      const { events } = await outbox.explain(key)
      expect(events.map((e) => e.key)).toEqual([key])
      return events[0]!.attempts
    }

    it("records a 2xx attempt with Cello's status and request id", async () => {
      const outbox = await make()
      await outbox.enqueue('new-signup', signup('t1'))
      const before = Date.now()
      await outbox.drain()
      const attempts = await attemptsOf(outbox, 'new-signup:t1')
      expect(attempts).toEqual([
        {
          at: expect.any(Number),
          state: 'delivered',
          status: expect.any(Number),
          requestId: expect.any(String),
          reason: null,
        },
      ])
      expect(attempts[0]!.status).toBeGreaterThanOrEqual(200)
      expect(attempts[0]!.status).toBeLessThan(300)
      // The store's clock (the database's): near this one on this machine.
      expect(Math.abs(attempts[0]!.at - before)).toBeLessThan(60_000)
      expect((await outbox.get('new-signup:t1'))?.requestId).toBe(attempts[0]!.requestId)
    })

    it('records a 503 (queued, then delivered), a 500 (ambiguous, then held) and a 400 (dead), each with its status', async () => {
      const outbox = await make()
      emulator.injectFault({ kind: 'status', status: 503, path: '/events', times: 1 })
      await outbox.enqueue('invoice-paid', invoice('t2', 'in_t2'))
      await drainUntil(outbox, 'invoice-paid:in_t2', 'delivered')
      expect(await attemptsOf(outbox, 'invoice-paid:in_t2')).toEqual([
        expect.objectContaining({
          state: 'queued',
          status: 503,
          requestId: expect.any(String),
          reason: expect.stringMatching(/^api_error: .*503/),
        }),
        expect.objectContaining({ state: 'delivered', status: expect.any(Number), requestId: expect.any(String) }),
      ])

      emulator.injectFault({ kind: 'status', status: 500, path: '/events', times: 1 })
      await outbox.enqueue('invoice-paid', invoice('t2', 'in_t2b'))
      await drainUntil(outbox, 'invoice-paid:in_t2b', 'held')
      expect(await attemptsOf(outbox, 'invoice-paid:in_t2b')).toEqual([
        expect.objectContaining({ state: 'ambiguous', status: 500, reason: expect.stringMatching(/^api_error/) }),
        expect.objectContaining({
          state: 'held',
          status: 500,
          reason: expect.stringMatching(/may have reached Cello/i),
        }),
      ])

      emulator.injectFault({ kind: 'status', status: 400, path: '/events', message: 'Invalid ucc' })
      await outbox.enqueue('demo-call-attended', signup('t2'))
      await outbox.drain()
      expect(await attemptsOf(outbox, 'demo-call-attended:t2')).toEqual([
        expect.objectContaining({
          state: 'dead',
          status: 400,
          requestId: expect.any(String),
          reason: expect.stringMatching(/Invalid ucc/),
        }),
      ])
    })

    it('records a timed-out send as ambiguous, without a status', async () => {
      const outbox = await make({ sendTimeoutMs: 1000, checkAfterMs: 60_000 })
      emulator.injectFault({ kind: 'latency', ms: 1500, path: '/events' })
      await outbox.enqueue('invoice-paid', invoice('t3', 'in_t3'))
      await outbox.drain()
      expect(await attemptsOf(outbox, 'invoice-paid:in_t3')).toEqual([
        {
          at: expect.any(Number),
          state: 'ambiguous',
          status: null,
          requestId: null,
          reason: expect.stringMatching(/^api_unreachable: POST \/events was aborted/),
        },
      ])
    })

    it("records a signup the drainer's code check refuses, never sent", async () => {
      const outbox = await make()
      await outbox.enqueue('new-signup', { ...signup('t4'), ucc: 'unknownCode1' })
      await outbox.drain()
      expect(await attemptsOf(outbox, 'new-signup:t4')).toEqual([
        expect.objectContaining({ state: 'dead', reason: expect.stringMatching(/^invalid_code/) }),
      ])
      expect(emulator.events).toHaveLength(0)
    })

    it('keeps the last 20 attempts of an event, and counts them all', async () => {
      const outbox = await make()
      await outbox.enqueue('invoice-paid', invoice('t5', 'in_t5'))
      for (let i = 0; i < 25; i++) {
        const [claimed] = await outbox.store.claim({
          limit: 1,
          leaseMs: 60_000,
          owner: 'probe',
          keys: ['invoice-paid:in_t5'],
        })
        const outcome = {
          key: claimed!.key,
          leaseToken: claimed!.leaseToken,
          state: 'queued' as const,
          uncertain: false,
          reason: `try ${i}`,
          status: 503,
        }
        expect(await outbox.store.settle([outcome])).toEqual(['invoice-paid:in_t5'])
        // A retried settle (its first answer lost) is recorded once.
        expect(await outbox.store.settle([outcome])).toEqual(['invoice-paid:in_t5'])
      }
      const { events } = await outbox.explain('invoice-paid:in_t5')
      expect(events[0]?.attemptCount).toBe(25)
      expect(events[0]?.attempts.map((a) => a.reason)).toEqual(Array.from({ length: 20 }, (_, i) => `try ${i + 5}`))
      const times = events[0]!.attempts.map((a) => a.at)
      expect([...times].sort((a, b) => a - b)).toEqual(times)
    })

    it('records a confirmed delivery that lands late on a held event as one more attempt', async () => {
      const outbox = await make()
      await outbox.enqueue('invoice-paid', invoice('t6', 'in_t6'))
      const [first] = await outbox.store.claim({ limit: 1, leaseMs: 60_000, owner: 'probe' })
      await outbox.store.settle([
        { key: first!.key, leaseToken: first!.leaseToken, state: 'held', uncertain: true, reason: 'held' },
      ])
      await outbox.store.settle([
        {
          key: first!.key,
          leaseToken: 'another',
          state: 'delivered',
          uncertain: false,
          confirmed: true,
          requestId: 'req-late',
          status: 201,
        },
      ])
      expect((await attemptsOf(outbox, 'invoice-paid:in_t6')).map((a) => [a.state, a.requestId])).toEqual([
        ['held', null],
        ['delivered', 'req-late'],
      ])
    })

    it('records signup decisions, keeps the last 20 per user, and explains by user id and by key', async () => {
      const outbox = await make()
      const reasons = ['no_referral', 'webhook_source', 'not_new_user', 'invalid_code', 'self_referral'] as const
      for (const reason of reasons) {
        await outbox.store.recordDecision(
          decision('t7', {
            reason,
            code: reason === 'no_referral' ? null : UCC,
            codeFrom: reason === 'no_referral' ? null : 'cookie',
          }),
        )
      }
      await outbox.enqueue('new-signup', signup('t7'))
      await outbox.drain()
      await outbox.store.recordDecision(
        decision('t7', { outcome: 'reported', reason: null, eventKey: 'new-signup:t7' }),
      )
      await outbox.store.recordDecision(decision('someone-else'))
      await outbox.enqueue('invoice-paid', invoice('t7', 'in_t7'))
      await outbox.enqueue('new-signup', signup('t7-other'))

      const byUser = await outbox.explain('t7')
      expect(byUser.subject).toBe('t7')
      expect(byUser.decisions.map((d) => [d.outcome, d.reason])).toEqual([
        ...reasons.map((reason) => ['refused', reason]),
        ['reported', null],
      ])
      expect(byUser.decisions[0]).toEqual({
        at: expect.any(Number),
        userId: 't7',
        newUserId: 't7',
        outcome: 'refused',
        reason: 'no_referral',
        code: null,
        codeFrom: null,
        eventKey: null,
        duplicate: false,
      })
      expect(byUser.decisions[3]).toMatchObject({ code: UCC, codeFrom: 'cookie' })
      expect(byUser.events.map((e) => [e.key, e.state, e.trigger, e.newUserId, e.code])).toEqual([
        ['new-signup:t7', 'delivered', 'new-signup', 't7', UCC],
        ['invoice-paid:in_t7', 'queued', 'invoice-paid', 't7', UCC],
      ])
      expect(byUser.events[1]?.attempts).toEqual([])

      const byKey = await outbox.explain('new-signup:t7')
      expect(byKey.events.map((e) => e.key)).toEqual(['new-signup:t7'])
      expect(byKey.decisions).toEqual(byUser.decisions) // the decisions about that event's user
      expect(await outbox.explain('nobody')).toEqual({ subject: 'nobody', decisions: [], events: [] })
      // Ids and codes only: the email and name the events carry stay out.
      expect(JSON.stringify(byUser)).not.toMatch(/example\.com|Name of/)

      for (let i = 0; i < 20; i++) await outbox.store.recordDecision(decision('t7', { code: `code${i}` }))
      const bounded = await outbox.explain('t7')
      expect(bounded.decisions.map((d) => d.code)).toEqual(Array.from({ length: 20 }, (_, i) => `code${i}`))
      expect((await outbox.explain('someone-else')).decisions).toHaveLength(1)
    })

    it("finds an organization's decisions by the organization's id", async () => {
      const outbox = await make()
      await outbox.store.recordDecision(decision('t8-person', { newUserId: 'org-t8', reason: 'self_referral' }))
      expect((await outbox.explain('org-t8')).decisions.map((d) => d.userId)).toEqual(['t8-person'])
      expect((await outbox.explain('t8-person')).decisions.map((d) => d.newUserId)).toEqual(['org-t8'])
    })

    it('prune deletes decisions older than decidedBefore (deliveredBefore by default); eraseUser deletes the user’s', async () => {
      const outbox = await make()
      await outbox.store.recordDecision(decision('t9'))
      await outbox.store.recordDecision(decision('t9b'))
      await outbox.store.recordDecision(decision('t9-person', { newUserId: 't9-org' }))
      await outbox.enqueue('new-signup', signup('t9'))
      await outbox.drain()

      await outbox.prune({ deliveredBefore: Date.now() - DAY })
      expect((await outbox.explain('t9')).decisions).toHaveLength(1) // recorded now: kept
      await outbox.prune({ deliveredBefore: Date.now() - DAY, decidedBefore: Date.now() + 60_000 })
      expect((await outbox.explain('t9')).decisions).toEqual([])
      expect((await outbox.explain('t9b')).decisions).toEqual([])
      // The event and its attempts stay: they carry no personal data.
      expect((await outbox.explain('t9')).events[0]?.attempts).toHaveLength(1)

      await outbox.store.recordDecision(decision('t9'))
      await outbox.store.recordDecision(decision('t9-person', { newUserId: 't9-org' }))
      await outbox.store.recordDecision(decision('t9c'))
      expect(await outbox.prune({ deliveredBefore: Date.now() + 60_000 })).toBe(1) // the event; decisions too
      expect((await outbox.explain('t9c')).decisions).toEqual([])

      await outbox.store.recordDecision(decision('t9'))
      await outbox.store.recordDecision(decision('t9-person', { newUserId: 't9-org' }))
      await outbox.store.recordDecision(decision('t9d'))
      expect(await outbox.eraseUser('t9')).toEqual({ erased: 0, cancelled: 0, decisions: 1 })
      expect(await outbox.eraseUser('t9-org')).toEqual({ erased: 0, cancelled: 0, decisions: 1 })
      expect((await outbox.explain('t9')).decisions).toEqual([])
      expect((await outbox.explain('t9-person')).decisions).toEqual([])
      expect((await outbox.explain('t9d')).decisions).toHaveLength(1)
    })
  })
}
