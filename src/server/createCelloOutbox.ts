// The event outbox: every event is recorded before it is sent, under a key from business ids, and
// every attempt's outcome moves it in the ledger. Cello's v1 POST /events has no idempotency key, so
// "exactly once" is built here: an attempt that may have reached Cello is never blindly resent.
import { buildEvent } from './buildEvent'
import { celloEventKey } from './celloEventKey'
import { checkRefundAgainstPayment } from './checkRefundAgainstPayment'
import { duplicateSourceError } from './duplicateSourceError'
import type { CelloClient } from './CelloClient'
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
import type {
  CelloEventTrigger,
  TrackChargeRefundedInput,
  TrackDemoCallAttendedInput,
  TrackInvoicePaidInput,
  TrackSignupInput,
} from './types'

/** The input each trigger takes, as the client's `track*` builders take it. */
export interface OutboxInputs {
  'new-signup': TrackSignupInput
  'demo-call-attended': TrackDemoCallAttendedInput
  'invoice-paid': TrackInvoicePaidInput
  'charge-refunded': TrackChargeRefundedInput
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

/** A running worker from {@link CelloOutbox.start}. */
export interface OutboxWorker {
  /** Stops after the drain in progress; resolves when it has. */
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
  enqueue<T extends CelloEventTrigger>(
    trigger: T,
    input: OutboxInputs[T],
    options?: EnqueueOptions,
  ): Promise<EnqueueResult>
  /** Sends what is due (all of it, or only `keys`), until nothing due is left or `max` events were claimed. */
  drain(options?: { keys?: readonly string[]; max?: number }): Promise<DrainSummary>
  /** Drains every `intervalMs` (and at once), for a long-running process. Timers do not keep Node alive. */
  start(options?: { intervalMs?: number }): OutboxWorker
  get(key: string): Promise<OutboxEvent | null>
  list(filter?: OutboxListFilter): Promise<OutboxEvent[]>
  /** After checking Cello's Event Feed: send a held event again (`queued`), record that Cello has it (`delivered`), or give up (`dead`). */
  resolve(key: string, to: 'queued' | 'delivered' | 'dead', reason: string): Promise<boolean>
  /** Retention: removes the email and name from events delivered (or dead) before a date; see {@link CelloOutboxStore.prune}. */
  prune(options: OutboxPruneOptions): Promise<number>
  /** Erasure: removes a user's email and name from all their events, and stops the unsent ones; see {@link CelloOutboxStore.eraseUser}. */
  eraseUser(productUserId: string): Promise<OutboxErasure>
  readonly store: CelloOutboxStore
}

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

  async function drainBatch(
    keys: readonly string[] | undefined,
    limit: number,
    summary: DrainSummary,
  ): Promise<number> {
    // Taken before the claim, so the deadline is never later than the lease the store grants.
    const deadline = now() + sendTimeoutMs
    const claimed = await store.claim({ limit, leaseMs, owner, ...(keys ? { keys } : {}) })
    const worked: { event: ClaimedEvent; settlement: OutboxSettlement }[] = []
    let next = 0
    const runner = async () => {
      for (let event = claimed[next++]; event !== undefined; event = claimed[next++]) {
        worked.push({ event, settlement: await work(event, deadline) })
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, runner))
    const held = new Set(worked.length ? await store.settle(worked.map((w) => w.settlement)) : [])
    summary.claimed += claimed.length
    for (const { event, settlement: s } of worked) {
      if (!held.has(s.key)) {
        summary.leaseLost += 1
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
    return claimed.length
  }

  const outbox: CelloOutbox = {
    store,
    async enqueue(trigger, input, enqueueOptions = {}) {
      const envelope = buildEvent(trigger, input, { maxPrice: client.maxPrice })
      refuseDuplicateSource(trigger)
      await checkRefundAgainstPayment(store, envelope)
      const key = celloEventKey(
        envelope,
        enqueueOptions.refundId === undefined ? {} : { refundId: enqueueOptions.refundId },
      )
      const [enqueued] = await store.enqueue(
        [{ key, trigger, envelope }],
        enqueueOptions.executor ? { executor: enqueueOptions.executor } : {},
      )
      return { key, enqueued: enqueued === true }
    },
    async drain({ keys, max = Infinity } = {}) {
      const summary: DrainSummary = { claimed: 0, delivered: 0, retrying: 0, held: 0, dead: 0, leaseLost: 0 }
      while (summary.claimed < max) {
        const got = await drainBatch(keys, Math.min(batchSize, max - summary.claimed), summary)
        if (got === 0 || keys) break
      }
      return summary
    },
    start({ intervalMs = 5000 } = {}) {
      let stopped = false
      let timer: ReturnType<typeof setTimeout> | undefined
      let running: Promise<unknown> = Promise.resolve()
      const tick = () => {
        running = outbox
          .drain()
          .catch(onError) // a store outage: try again at the next tick
          .finally(() => {
            if (stopped) return
            timer = setTimeout(tick, intervalMs)
            if (typeof timer === 'object' && 'unref' in timer) timer.unref()
          })
      }
      tick()
      return {
        async stop() {
          stopped = true
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
  }
  return outbox
}
