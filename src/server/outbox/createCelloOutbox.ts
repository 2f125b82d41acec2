// The event outbox: every event is recorded before it is sent, under a key from business ids, and
// every attempt's outcome moves it in the ledger. Cello's v1 POST /events has no idempotency key, so
// "exactly once" is built here: an attempt that may have reached Cello is never blindly resent.
import { buildEvent } from '../client/buildEvent'
import { buildMilestone } from '../client/buildMilestone'
import { celloEventKey } from './celloEventKey'
import { checkRefundAgainstPayment } from '../payments/checkRefundAgainstPayment'
import { duplicateSourceError } from '../client/duplicateSourceError'
import type { CelloClient } from '../client/CelloClient'
import { createEventDelivery } from './createEventDelivery'
import type {
  CelloOutboxStore,
  ClaimedEvent,
  OutboxErasure,
  OutboxEvent,
  OutboxListFilter,
  OutboxPruneOptions,
  OutboxSettlement,
  QueryExecutor,
} from './CelloOutboxStore'
import { memoryOutbox } from './memoryOutbox'
import type { OutboxExplanation } from '../../shared/bffContract'
import { settleWithRetry } from './settleWithRetry'
import type {
  CelloEventTrigger,
  OutboxTrigger,
  TrackChargeRefundedInput,
  TrackDemoCallAttendedInput,
  TrackInvoicePaidInput,
  TrackMilestoneInput,
  TrackSignupInput,
} from '../client/types'

/** The input each trigger takes, as the client's `track*` builders take it. */
export interface OutboxInputs {
  'new-signup': TrackSignupInput
  'demo-call-attended': TrackDemoCallAttendedInput
  'invoice-paid': TrackInvoicePaidInput
  'charge-refunded': TrackChargeRefundedInput
  /**
   * A referrer reached one of your moments (`MilestoneReached`, Cello's behaviour-based triggers):
   * key `milestone-reached:<trigger>:<productUserId>`, so each referrer hears of each moment once.
   */
  'milestone-reached': TrackMilestoneInput
}

/** Options of {@link CelloOutbox.enqueue}. */
export interface EnqueueOptions {
  /** Postgres store: insert through this executor, e.g. your transaction's client, so the event commits with your row. */
  executor?: QueryExecutor
  /** `charge-refunded` only: the refund's id, when one invoice can be refunded more than once. */
  refundId?: string
}

/** What {@link CelloOutbox.enqueue} did. */
export interface EnqueueResult {
  key: string
  /** `false` when an event with this key was already in the outbox: nothing was added. */
  enqueued: boolean
}

/** What one {@link CelloOutbox.drain} did. */
export interface DrainSummary {
  /** Events claimed and worked on. */
  claimed: number
  delivered: number
  /** Back to `queued` (provably not sent) or `ambiguous` (to be resolved), for a later drain. */
  retrying: number
  held: number
  dead: number
  /** Events whose lease had expired before their outcome was recorded (another drainer owns them now). */
  leaseLost: number
}

/** Options of {@link createCelloOutbox}. */
export interface CelloOutboxOptions {
  /** The client that sends (its keys, tokens and `sources`). */
  client: CelloClient
  /** Where events are recorded. @defaultValue memoryOutbox() (not durable) */
  store?: CelloOutboxStore
  /**
   * Money events (`invoice-paid`, `charge-refunded`) whose attempt may have reached Cello:
   * `'hold'` lists them as `held` for you to check Cello's Event Feed; `'resend'` sends them again
   * (a duplicate is possible, and its ledger row says so). `new-signup` is never resent blindly:
   * it is checked with `GET /new-users/{id}/reward` first; `demo-call-attended` follows this option.
   * @defaultValue 'hold'
   */
  ambiguous?: 'hold' | 'resend'
  /** How long a drainer owns a claimed event. @defaultValue 60000 */
  leaseMs?: number
  /**
   * How long after a claim its sends (and checks) may run: each is abandoned as ambiguous when this
   * runs out, and an event of the batch not started in time goes back to the queue untried. The rest
   * of the lease lets Cello finish a request it was still working on before any other drainer may
   * take the event. Less than `leaseMs`. @defaultValue leaseMs / 2
   */
  sendTimeoutMs?: number
  /**
   * How long after an attempt that may have reached Cello before it is checked or resent, so that a
   * request Cello is still working on has finished. @defaultValue 60000
   */
  checkAfterMs?: number
  /** An event not delivered this long after it was enqueued (by the store's clock) becomes `dead` (or `held` if it may have arrived). @defaultValue 3 days */
  maxAgeMs?: number
  /** Backoff between attempts: `baseMs` doubling per attempt up to `maxMs`, with jitter; a longer `Retry-After` wins. @defaultValue { baseMs: 1000, maxMs: 300000 } */
  backoff?: { baseMs?: number; maxMs?: number }
  /** Events claimed per batch. @defaultValue 50 */
  batchSize?: number
  /** Sends in flight per drainer. @defaultValue 10 */
  concurrency?: number
  /** Called after an event's outcome is recorded (delivered, retrying, held, dead), e.g. to alert on `held` and `dead`. Never sees a secret. */
  onSettled?: (event: Pick<OutboxEvent, 'key' | 'trigger' | 'state' | 'attempts' | 'reason' | 'requestId'>) => void
  /**
   * A drain started by `start()` that failed (the store did not answer); the worker tries again at
   * its next tick. @defaultValue a one-line console.error
   */
  onError?: (error: unknown) => void
  /** The clock in ms. @defaultValue Date.now */
  now?: () => number
}

/** Options of {@link CelloOutbox.drain}. */
export interface DrainOptions {
  /** Only these events (one batch). */
  keys?: readonly string[]
  /** At most this many claimed. @defaultValue Infinity (until nothing due is left) */
  max?: number
  /**
   * Stops the drain between batches: once it aborts, the batch in progress finishes the sends it
   * has started (each ends within `sendTimeoutMs` of its claim), puts back the events it has not
   * started, records its outcomes and the drain resolves; no further batch is claimed.
   */
  signal?: AbortSignal
}

/** Options of {@link CelloOutbox.start}. */
export interface StartOptions {
  /** Pause between drains when nothing more was due. @defaultValue 5000 */
  intervalMs?: number
  /**
   * Events one drain of the worker claims at most; when it claimed that many (a backlog), the
   * next drain starts at once instead of after `intervalMs`. @defaultValue batchSize × 10
   */
  maxPerTick?: number
}

/** A running worker from {@link CelloOutbox.start}. */
export interface OutboxWorker {
  /**
   * Stops the worker: no further batch is claimed, and it resolves once the batch in progress
   * has recorded its outcomes, within about `sendTimeoutMs` whatever the backlog (sends already
   * on the wire are let finish; the batch's events not yet started go back to the queue). Call
   * it on SIGTERM, before closing your database pool.
   */
  stop(): Promise<void>
}

/** The event outbox: record durably, then deliver; see {@link createCelloOutbox}. */
export interface CelloOutbox {
  /**
   * Validates and records an event (nothing is sent yet). Its key comes from business ids, so
   * enqueuing the same signup or invoice twice, from any instance, is a no-op. Bad input throws a
   * `CelloValidationError` and records nothing; so does a refund above, or in another currency
   * than, its invoice's `invoice-paid` when the outbox holds it.
   */
  enqueue<T extends OutboxTrigger>(trigger: T, input: OutboxInputs[T], options?: EnqueueOptions): Promise<EnqueueResult>
  /**
   * Sends what is due (all of it, or only `keys`), until nothing due is left, `max` events were
   * claimed, or `signal` aborted (checked between batches). Rejects when the store fails; outcomes
   * it could not record are kept and recorded by this outbox's next drain.
   */
  drain(options?: DrainOptions): Promise<DrainSummary>
  /**
   * Drains at once and then every `intervalMs` (at once again while a backlog lasts, at most
   * `maxPerTick` events per drain), for a long-running process. Timers do not keep Node alive.
   */
  start(options?: StartOptions): OutboxWorker
  get(key: string): Promise<OutboxEvent | null>
  list(filter?: OutboxListFilter): Promise<OutboxEvent[]>
  /** After checking Cello's Event Feed: send a held event again (`queued`), record that Cello has it (`delivered`), or give up (`dead`). */
  resolve(key: string, to: 'queued' | 'delivered' | 'dead', reason: string): Promise<boolean>
  /** Retention: removes the email and name from events delivered (or dead) before a date; see {@link CelloOutboxStore.prune}. */
  prune(options: OutboxPruneOptions): Promise<number>
  /** Erasure: removes a user's email and name from all their events, and stops the unsent ones; see {@link CelloOutboxStore.eraseUser}. */
  eraseUser(productUserId: string): Promise<OutboxErasure>
  /**
   * Why wasn't this delivered? For an event key (`new-signup:user_123`) or a user id: what
   * `POST /signups` decided for that user (reported, queued, or refused and why: `no_referral`,
   * `not_new_user`, `invalid_code`, `self_referral`…; their last 20), and each of their events with
   * its state and last 20 attempts (time, resulting state, HTTP status, Cello's request id, reason).
   * Ids and referral codes only: never an email, a name, a key or a token. See
   * {@link CelloOutboxStore.explain}.
   *
   * @example
   * const { decisions, events } = await outbox.explain('user_123')
   */
  explain(keyOrUserId: string): Promise<OutboxExplanation>
  readonly store: CelloOutboxStore
}

/** One claimed event and the outcome its drainer decided. */
interface Worked {
  event: ClaimedEvent
  settlement: OutboxSettlement
}

/** `w` for a later drain: a confirmed delivery says, in its reason, that it was recorded late. */
const lateOutcome = (w: Worked): Worked =>
  w.settlement.state === 'delivered' && !w.settlement.reason
    ? {
        ...w,
        settlement: {
          ...w.settlement,
          reason: 'Cello answered 2xx; recorded late: the database did not answer when it was first settled',
        },
      }
    : w

/**
 * An outbox for Cello events that survives outages, restarts, aborted requests and many
 * instances (with `postgresOutbox()`): record with `enqueue` (inside your transaction when you
 * have one), then `drain()` right after the response and run a sweeper (`start()` or a cron) for
 * retries.
 *
 * @example
 * const outbox = createCelloOutbox({ client: cello, store: postgresOutbox({ executor: pool }) })
 * await outbox.enqueue('new-signup', { ucc, newUser: { id: user.id, email: user.email } })
 * after(() => outbox.drain()) // Next.js; or waitUntil, or a worker: outbox.start()
 */
export function createCelloOutbox(options: CelloOutboxOptions): CelloOutbox {
  const { client } = options
  const store = options.store ?? memoryOutbox()
  const now = options.now ?? Date.now
  const leaseMs = options.leaseMs ?? 60_000
  const maxAgeMs = options.maxAgeMs ?? 3 * 24 * 60 * 60 * 1000
  const batchSize = options.batchSize ?? 50
  const concurrency = Math.max(1, options.concurrency ?? 10)
  const resendAmbiguous = options.ambiguous === 'resend'
  const checkAfterMs = options.checkAfterMs ?? 60_000
  const owner = crypto.randomUUID()
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(
        `[react-cello] outbox drain failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`,
      ))
  // A send gives up long before its lease ends, so that no other drainer can claim an event that
  // is still on the wire from a live one.
  const sendTimeoutMs = Math.min(options.sendTimeoutMs ?? Math.floor(leaseMs / 2), leaseMs - 1)

  // The settle of a batch is retried until this long before its lease ends (see settleWithRetry).
  const settleMarginMs = Math.min(1000, leaseMs / 10)

  const work = createEventDelivery({
    client,
    now,
    sendTimeoutMs,
    checkAfterMs,
    maxAgeMs,
    resendAmbiguous,
    backoff: { baseMs: options.backoff?.baseMs ?? 1000, maxMs: options.backoff?.maxMs ?? 300_000 },
  })

  function refuseDuplicateSource(trigger: CelloEventTrigger) {
    const duplicate = duplicateSourceError(client.sources, trigger)
    if (duplicate) throw duplicate
  }

  // Outcomes whose settle failed until their lease ran out (the database did not answer), by key:
  // applied before this outbox's next claim. A 'delivered' one is a fact Cello confirmed, so it
  // is settled as `confirmed`: the store records it even if the lease expired meanwhile and the
  // row became held, ambiguous or queued, but never over a row another drainer has claimed (that
  // drainer may be sending it right now, and its own outcome must land); such an outcome stays
  // here until that claim ends. A row already delivered or dead is left as it is.
  const pending = new Map<string, Worked>()

  /** Counts the outcomes the store recorded, and keeps the confirmed deliveries it could not record yet. */
  async function report(worked: readonly Worked[], recorded: ReadonlySet<string>, summary: DrainSummary) {
    for (const w of worked) {
      const { event, settlement: s } = w
      if (!recorded.has(s.key)) {
        const inFlight =
          s.state === 'delivered' &&
          (await store.get(s.key).then(
            (row) => row?.state === 'sending',
            () => true,
          ))
        if (inFlight) pending.set(s.key, w)
        else summary.leaseLost += 1
        continue
      }
      if (s.state === 'delivered') summary.delivered += 1
      else if (s.state === 'held') summary.held += 1
      else if (s.state === 'dead') summary.dead += 1
      else summary.retrying += 1
      options.onSettled?.({
        key: s.key,
        trigger: event.trigger,
        state: s.state,
        attempts: event.attempts,
        reason: s.reason ?? null,
        requestId: s.requestId ?? null,
      })
    }
  }

  /** Records what earlier drains could not; rejects (keeping them) while the store still fails. */
  async function applyPending(summary: DrainSummary) {
    if (pending.size === 0) return
    const worked = [...pending.values()]
    pending.clear() // taken now, so that a concurrent drain does not record them twice
    let recorded: string[]
    try {
      recorded = await store.settle(worked.map((w) => w.settlement))
    } catch (error) {
      for (const w of worked) if (!pending.has(w.settlement.key)) pending.set(w.settlement.key, w)
      throw error
    }
    await report(worked, new Set(recorded), summary)
  }

  async function drainBatch(
    keys: readonly string[] | undefined,
    limit: number,
    summary: DrainSummary,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    await applyPending(summary)
    // Taken before the claim, so both deadlines are never later than the lease the store grants.
    const claimedAt = now()
    const deadline = claimedAt + sendTimeoutMs
    const claimed = await store.claim({ limit, leaseMs, owner, ...(keys ? { keys } : {}) })
    const worked: Worked[] = []
    let next = 0
    // One timer for the batch's sends, all of which end by its deadline: it aborts the controller
    // of each runner (the batch's `concurrency` lanes, each sending one event at a time, so one
    // listener at a time on its signal), instead of an AbortSignal.timeout per send or a
    // controller per event (a signal costs microseconds in Node's profile).
    const lanes: AbortController[] = []
    const timer = claimed.length
      ? setTimeout(
          () => {
            for (const c of lanes) c.abort(new DOMException('The operation timed out.', 'TimeoutError'))
          },
          Math.max(1, deadline - now()),
        )
      : undefined
    const runner = async () => {
      const sends = new AbortController()
      lanes.push(sends)
      for (let event = claimed[next++]; event !== undefined; event = claimed[next++]) {
        worked.push({ event, settlement: await work(event, deadline, signal?.aborted === true, sends.signal) })
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, runner))
    } finally {
      clearTimeout(timer)
    }
    summary.claimed += claimed.length
    if (worked.length === 0) return 0
    for (const w of worked) if (w.settlement.state === 'delivered') w.settlement.confirmed = true
    let recorded: string[]
    try {
      recorded = await settleWithRetry(
        store,
        worked.map((w) => w.settlement),
        claimedAt + leaseMs - settleMarginMs,
        now,
      )
    } catch (error) {
      // The lease is (nearly) over: keep the outcomes for the next drain, and let the error reach
      // the caller (the worker's onError).
      for (const w of worked) pending.set(w.settlement.key, lateOutcome(w))
      throw error
    }
    await report(worked, new Set(recorded), summary)
    return claimed.length
  }

  const outbox: CelloOutbox = {
    store,
    // Not generic here: `trigger` narrows, and both builders validate `input` at run time.
    async enqueue(trigger: OutboxTrigger, input: OutboxInputs[OutboxTrigger], enqueueOptions: EnqueueOptions = {}) {
      const via = enqueueOptions.executor ? { executor: enqueueOptions.executor } : {}
      if (trigger === 'milestone-reached') {
        const envelope = buildMilestone(input)
        const key = celloEventKey(envelope)
        const [enqueued] = await store.enqueue([{ key, trigger, envelope }], via)
        return { key, enqueued: enqueued === true }
      }
      const envelope = buildEvent(trigger, input, { maxPrice: client.maxPrice })
      refuseDuplicateSource(trigger)
      const key = celloEventKey(
        envelope,
        enqueueOptions.refundId === undefined ? {} : { refundId: enqueueOptions.refundId },
      )
      await checkRefundAgainstPayment(store, envelope, via)
      const [enqueued] = await store.enqueue([{ key, trigger, envelope }], via)
      return { key, enqueued: enqueued === true }
    },
    async drain({ keys, max = Infinity, signal } = {}) {
      const summary: DrainSummary = { claimed: 0, delivered: 0, retrying: 0, held: 0, dead: 0, leaseLost: 0 }
      while (summary.claimed < max && !signal?.aborted) {
        const got = await drainBatch(keys, Math.min(batchSize, max - summary.claimed), summary, signal)
        if (got === 0 || keys) break
      }
      return summary
    },
    start({ intervalMs = 5000, maxPerTick = batchSize * 10 } = {}) {
      const stopping = new AbortController()
      let timer: ReturnType<typeof setTimeout> | undefined
      let running: Promise<unknown> = Promise.resolve()
      const tick = () => {
        running = outbox
          .drain({ max: maxPerTick, signal: stopping.signal })
          .then(
            ({ claimed }) => claimed >= maxPerTick, // a backlog: go on at once
            (error: unknown) => {
              onError(error) // a store outage: try again at the next tick
              return false
            },
          )
          .then((more) => {
            if (stopping.signal.aborted) return
            timer = setTimeout(tick, more ? 0 : intervalMs)
            if (typeof timer === 'object' && 'unref' in timer) timer.unref()
          })
      }
      tick()
      return {
        async stop() {
          stopping.abort()
          clearTimeout(timer)
          await running
        },
      }
    },
    get: (key) => store.get(key),
    list: (filter) => store.list(filter),
    resolve: (key, to, reason) => store.resolve(key, to, reason),
    prune: (pruneOptions) => store.prune(pruneOptions),
    eraseUser: (productUserId) => store.eraseUser(productUserId),
    explain: (keyOrUserId) => store.explain(keyOrUserId),
  }
  return outbox
}
