// The ledger of reward webhooks Cello delivered: one row per `eventId`, ever. It is what makes an
// at-least-once delivery credit once: the app's `onReward` runs in the transaction that records
// the event, so the credit and the record commit together or not at all.
import type { CelloEnvironment } from '../../shared/types'

/** A credit reward Cello issued to one of your users (`eventType: 'new-reward'`, `rewardType: 'credits'`). */
export interface CelloReward {
  /** Cello's event id: stable across retries, the deduplication key. */
  eventId: string
  /** Cello's reward id. */
  rewardId: string
  /** Your user id (the one you boot the Referral Component with): who gets the credits. */
  productUserId: string
  rewardType: 'credits'
  /** How many credits to grant. */
  amount: number
  /** When Cello created the event, as it sent it (an ISO 8601 time in its docs). */
  createdTs: string | number | null
  /** The payload's version, as sent (`'1.0.3'` in Cello's docs). */
  version: string | null
  /** The environment the delivery came from. */
  environment: CelloEnvironment
}

/** Any event the webhook accepted, as recorded: rewards and event types this package does not know. */
export interface CelloWebhookEvent {
  eventId: string
  eventType: string
  environment: CelloEnvironment
  createdTs: string | number | null
  version: string | null
  /** The reward's user, when the event names one. */
  productUserId: string | null
  rewardId: string | null
  rewardType: string | null
  amount: number | null
  /** `data` as received. Cello's reward events carry ids and an amount, never a secret. */
  data: unknown
}

/** An event in the ledger: what was received and when it was recorded (ms since the epoch). */
export interface RecordedWebhookEvent extends CelloWebhookEvent {
  recordedAt: number
}

/**
 * Runs `work` in one database transaction: commits when it resolves, rolls back when it throws
 * (and rethrows). `poolTransaction(pool)` makes one from a node-postgres `Pool` or PGlite.
 */
export type RewardTransaction<E> = <T>(work: (executor: E) => Promise<T>) => Promise<T>

/**
 * Where the webhook records each `eventId`: `memoryRewardLedger()` (tests, one process) or
 * `postgresRewardLedger()` (PostgreSQL or PGlite). `E` is what `onReward` gets as `executor`:
 * the transaction's client, or `undefined` in memory.
 */
export interface CelloRewardLedger<E> {
  /**
   * Records `event` and runs `apply` in the same transaction. Resolves `{ duplicate: false }`
   * once both committed; `{ duplicate: true }` without running `apply` when the `eventId` was
   * recorded before (a delivery of the same event still in flight is waited for first). When
   * `apply` throws, nothing is recorded and the error is rethrown: the next delivery tries again.
   */
  record(event: CelloWebhookEvent, apply: (executor: E) => Promise<void>): Promise<{ duplicate: boolean }>
  /** The recorded event, or `null`. */
  get(eventId: string): Promise<RecordedWebhookEvent | null>
  /** Recorded events, oldest first; `productUserId` narrows to one user's. @defaultValue limit 100 */
  list(filter?: { productUserId?: string; limit?: number }): Promise<RecordedWebhookEvent[]>
}
