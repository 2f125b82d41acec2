import type { CelloRewardLedger, RecordedWebhookEvent } from './CelloRewardLedger'

/**
 * A reward ledger in this process's memory, for tests and development: each `eventId` is
 * recorded once, and deliveries of one event at the same time take turns (the second answers
 * `duplicate` after the first). It has no transaction to offer: `onReward` gets
 * `executor: undefined`, and what it writes elsewhere is not undone when it throws. Forgotten on
 * restart; use `postgresRewardLedger` in production.
 */
export function memoryRewardLedger(): CelloRewardLedger<undefined> {
  const recorded = new Map<string, RecordedWebhookEvent>()
  const inFlight = new Map<string, Promise<unknown>>()
  return {
    async record(event, apply) {
      for (;;) {
        if (recorded.has(event.eventId)) return { duplicate: true }
        const running = inFlight.get(event.eventId)
        if (!running) break
        await running.catch(() => {})
      }
      const work = apply(undefined).then(() => {
        recorded.set(event.eventId, { ...event, recordedAt: Date.now() })
      })
      inFlight.set(event.eventId, work)
      try {
        await work
        return { duplicate: false }
      } finally {
        inFlight.delete(event.eventId)
      }
    },
    async get(eventId) {
      const event = recorded.get(eventId)
      return event ? { ...event } : null
    },
    async list(filter = {}) {
      const all = [...recorded.values()].filter(
        (e) => filter.productUserId === undefined || e.productUserId === filter.productUserId,
      )
      return all.slice(0, filter.limit ?? 100).map((e) => ({ ...e }))
    },
  }
}
