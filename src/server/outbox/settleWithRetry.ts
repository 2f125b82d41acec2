// Recording a batch's outcomes when the database blinks (a failover, a pgbouncer restart, a
// terminated backend): the outcomes are facts the drainer already paid for (Cello answered), so the
// settle is tried again, with short, growing, jittered pauses, for as long as the lease holds.
import type { CelloOutboxStore, OutboxSettlement } from './CelloOutboxStore'

/** Pauses between tries: from this, doubling, up to `SETTLE_MAX_PAUSE_MS`, each 50–100% of its step. */
const SETTLE_FIRST_PAUSE_MS = 25
const SETTLE_MAX_PAUSE_MS = 1000

/**
 * `store.settle(settlements)`, tried again after each failure until it answers or the next try
 * could not start before `deadline` (ms on `now`'s clock); then the last error is thrown. A retry
 * is safe: the store reports an outcome an earlier, unanswered try recorded as recorded.
 */
export async function settleWithRetry(
  store: CelloOutboxStore,
  settlements: readonly OutboxSettlement[],
  deadline: number,
  now: () => number,
): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.settle(settlements)
    } catch (error) {
      const step = Math.min(SETTLE_MAX_PAUSE_MS, SETTLE_FIRST_PAUSE_MS * 2 ** attempt)
      const pause = step / 2 + Math.random() * (step / 2)
      if (now() + pause >= deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
  }
}
