// The storage interface of the event outbox (the ledger of every event sent to Cello), shared by
// memoryOutbox() and postgresOutbox(). Small on purpose: any engine with a primary key and an atomic
// claim can implement it.
import type { CelloAnyEventEnvelope, OutboxTrigger } from '../client/types'
import type { OutboxExplanation, OutboxState, SignupDecision } from '../../shared/bffContract'

// Where an event stands (OutboxState) is part of the BFF's contract too: its development-only
// trace route answers it. Written once, there.
export type { OutboxState } from '../../shared/bffContract'

/** One event in the outbox, with its whole delivery history in a few fields. */
export interface OutboxEvent {
  /** The event's identity, from business ids (see `celloEventKey`): the same on every attempt. */
  key: string
  trigger: OutboxTrigger
  /**
   * The envelope, built and validated when it was enqueued: a v1 `ReferralUpdated` one (its
   * timestamp is the business time), or a `MilestoneReached` one for `milestone-reached`.
   */
  envelope: CelloAnyEventEnvelope
  state: OutboxState
  /** Attempts so far (claims by a drainer). */
  attempts: number
  /** `true` when an earlier attempt may have reached Cello: a resend could count it twice. */
  uncertain: boolean
  /** Why it is not delivered (yet), in words; or how delivery was confirmed. Never a secret. */
  reason: string | null
  /** Cello's `apigw-requestid` of the last answer, to quote to Cello's support. */
  requestId: string | null
  /** HTTP status of the last answer, when there was one. */
  lastStatus: number | null
  /** Milliseconds since the epoch. */
  createdAt: number
  updatedAt: number
  /** When a drainer may next try it (queued and ambiguous events). */
  nextAttemptAt: number
  deliveredAt: number | null
}

/** An event a drainer claimed: it holds the lease until `settle` (or until the lease expires). */
export interface ClaimedEvent extends OutboxEvent {
  /** Proves the lease in `settle`: a drainer whose lease expired cannot overwrite a newer claim. */
  leaseToken: string
  /**
   * How long ago it was enqueued, at the claim, by the store's clock (the database's, for
   * `postgresOutbox`): what `maxAgeMs` is compared with, so that a drainer whose own clock is off
   * neither gives up fresh events nor keeps old ones.
   */
  ageMs: number
}

/** A new event for {@link CelloOutboxStore.enqueue}. */
export interface OutboxEntry {
  key: string
  trigger: OutboxTrigger
  envelope: CelloAnyEventEnvelope
}

/** The outcome of one claimed event, for {@link CelloOutboxStore.settle}. */
export interface OutboxSettlement {
  key: string
  leaseToken: string
  state: Exclude<OutboxState, 'sending'>
  /** For `queued` and `ambiguous`: when to try again, in ms from now. */
  retryInMs?: number
  uncertain: boolean
  reason?: string | null
  requestId?: string | null
  status?: number | null
  /**
   * For `delivered` only: Cello confirmed this event (a 2xx, or its read-back). Such an outcome is
   * a fact, so it is recorded even when the lease was lost meanwhile, over a row that is `held`,
   * `ambiguous` or `queued` (never over one another drainer holds now, nor one `delivered` or `dead`).
   */
  confirmed?: boolean
}

/** A filter for {@link CelloOutboxStore.list}. */
export interface OutboxListFilter {
  /** Only these states. @defaultValue all */
  states?: readonly OutboxState[]
  /** At most this many. @defaultValue 100 */
  limit?: number
  /** By when they were enqueued. @defaultValue 'oldest' (first) */
  order?: 'oldest' | 'newest'
}

/** Options of {@link CelloOutboxStore.prune}: which settled events lose their personal data. */
export interface OutboxPruneOptions {
  /** Events `delivered` before this time (a `Date`, or ms since the epoch). */
  deliveredBefore: Date | number
  /**
   * Events `dead` (refused, too old, erased) whose last change is before this time: after it, a
   * dead event sent again with `resolve(key, 'queued')` goes without them. @defaultValue deliveredBefore
   */
  deadBefore?: Date | number
  /**
   * Signup decisions of the trace (see {@link CelloOutboxStore.recordDecision}) recorded before
   * this time are deleted: they tie a user to the referral code they reported. @defaultValue deliveredBefore
   */
  decidedBefore?: Date | number
}

/** What {@link CelloOutboxStore.eraseUser} did. */
export interface OutboxErasure {
  /** The user's events changed: their email and name removed, or their sending stopped. */
  erased: number
  /** Their signup decisions deleted from the trace. */
  decisions: number
  /** Of those, the ones not delivered (queued, sending, ambiguous or held): now `dead`, reason `'erased'`, never sent. */
  cancelled: number
}

/**
 * A SQL executor the Postgres adapter runs its statements through: node-postgres's `Pool` or
 * `Client` (or a transaction's client), PGlite, or a function such as
 * `(text, values) => sql.unsafe(text, values)` for postgres.js.
 */
export type QueryExecutor =
  | { query(text: string, values?: unknown[]): Promise<QueryResultLike> }
  | ((text: string, values: unknown[]) => Promise<QueryResultLike>)

/** What an executor resolves to: `{ rows }` (node-postgres, PGlite) or the rows themselves (postgres.js, Prisma). */
export type QueryResultLike = { rows: readonly unknown[] } | readonly unknown[]

/** Options of {@link CelloOutboxStore.enqueue}. */
export interface StoreEnqueueOptions {
  /**
   * Postgres only: run the insert through this executor, e.g. your transaction's client. Without
   * it, an insert whose connection died (a restart, a failover) is retried once on a fresh one; with
   * it, never: the transaction is gone, and its error is yours (roll back, answer, or run the whole
   * transaction again).
   */
  executor?: QueryExecutor
}

/**
 * The outbox's storage. Implementations must make `enqueue` a no-op for a key that exists (the
 * key is the primary key) and `claim` atomic across processes (no two drainers hold one event).
 */
export interface CelloOutboxStore {
  /** Adds events; resolves to one boolean per entry: `true` when it was new. */
  enqueue(entries: readonly OutboxEntry[], options?: StoreEnqueueOptions): Promise<boolean[]>
  /**
   * Claims up to `limit` due events (queued or ambiguous whose time has come, or sending whose
   * lease expired, which makes them `uncertain`) for `leaseMs`. With `keys`, only those. An event
   * whose predecessor (`precedingKey`) is still queued, sending or ambiguous is not due yet.
   */
  claim(options: { limit: number; leaseMs: number; owner: string; keys?: readonly string[] }): Promise<ClaimedEvent[]>
  /**
   * Records outcomes of claimed events; resolves to the keys it recorded (the others changed
   * nothing). An outcome applies while its lease token is the row's last (the row is `sending`
   * under it, or this very outcome was already recorded by an earlier call whose answer was lost,
   * so a retry is safe), or, when `confirmed`, over a `held`, `ambiguous` or `queued` row.
   * Each outcome recorded over a `sending` row, or one that changes the row's state, is appended to
   * the event's trace in the same write (its last 20 attempts, see {@link CelloOutboxStore.explain});
   * a retried settle that finds its outcome already recorded appends nothing.
   */
  settle(settlements: readonly OutboxSettlement[]): Promise<string[]>
  /**
   * The event under `key`, or `null`. With `executor` (Postgres), read through it: inside the
   * caller's transaction, which sees its uncommitted rows and never waits for its own lock.
   */
  get(key: string, options?: StoreEnqueueOptions): Promise<OutboxEvent | null>
  list(filter?: OutboxListFilter): Promise<OutboxEvent[]>
  /**
   * An operator's decision on a `held`, `ambiguous`, `queued` or `dead` event: `queued` sends it
   * again, `delivered` records that Cello has it, `dead` gives up. Resolves to `false` when the
   * event does not exist or is being sent right now.
   */
  resolve(key: string, to: 'queued' | 'delivered' | 'dead', reason: string): Promise<boolean>
  /**
   * Retention: removes the personal data (`context.newUser.email` and `.name`) from events
   * delivered (or dead) before the given times, and keeps the rest (key, trigger, state, times,
   * ids), so that enqueuing such an event again stays a no-op. Resolves to how many events changed.
   */
  prune(options: OutboxPruneOptions): Promise<number>
  /**
   * Erasure: removes the personal data from every event of this user (whose `newUserId` or
   * `newUser.id` it is), and stops those not delivered yet: they become `dead` with reason
   * `'erased'`, since sending them would pass on data the user asked to erase. Their signup
   * decisions are deleted from the trace.
   */
  eraseUser(productUserId: string): Promise<OutboxErasure>
  /**
   * Trace: records what `POST /signups` decided for a user (the store sets `at`), keeping that
   * user's last 20 decisions. Refusals that record no event (`invalid_code`, `self_referral`,
   * `no_referral`…) are only here. Ids and the code only: never an email or a name.
   */
  recordDecision(decision: Omit<SignupDecision, 'at'>): Promise<void>
  /**
   * Trace: why an event was (not) delivered. `keyOrUserId` is an event key (that event, and the
   * decisions about its user) or a user id (every event whose `newUserId` or `newUser.id` it is,
   * and the decisions whose `userId` or `newUserId` it is). Never an email or a name. On
   * PostgreSQL, a lookup by user id reads the whole outbox table (no index on the ids): for an
   * operator or development, not for every request.
   */
  explain(keyOrUserId: string): Promise<OutboxExplanation>
}
