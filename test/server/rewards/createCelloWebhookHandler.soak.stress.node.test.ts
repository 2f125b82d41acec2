// The reward webhook under Cello's at-least-once delivery: many rewards, 30% delivered twice (half
// of those at the same moment), 10% whose onReward fails once (500, Cello retries). Credits must
// equal the rewards exactly. Small in `npm test`, 1,000 rewards in `npm run test:stress`.
import { describe, expect, it } from 'vitest'
import { createCelloEmulator } from '../../../src/testing'
import { stressSize } from '../../support/stressSize'
import { rewardEngines } from './rewardEngines'
import { CREDENTIALS, startWebhookServer } from './webhookServer'

const REWARDS = stressSize(60, 1000)
const CONCURRENCY = 8
const USERS = 10

describe.each(rewardEngines)('reward webhook soak on $name', ({ open }) => {
  it(`${REWARDS} rewards, 30% duplicated, 10% failing once: credits equal rewards`, { timeout: 600_000 }, async () => {
    const engine = await open()
    const failOnce = new Set<string>()
    let onRewardCalls = 0
    const server = await startWebhookServer({
      ledger: engine.ledger,
      onReward: async (reward, context) => {
        onRewardCalls++
        // On SQL the credit is written and then rolled back with the record; memory has no
        // transaction, so there it fails before writing.
        const fails = failOnce.delete(reward.eventId)
        if (fails && engine.name === 'memory') throw new Error('fails once')
        await engine.credit(reward, context)
        if (fails) throw new Error('fails once')
      },
    })
    const emulator = await createCelloEmulator({
      rewardWebhook: { url: server.url, ...CREDENTIALS, retryDelayMs: 5, maxAttempts: 5 },
    })
    try {
      const expected = new Map<string, number>()
      let next = 0
      const outcomes: string[] = []
      const worker = async () => {
        while (next < REWARDS) {
          const i = next++
          const user = `soak-user-${i % USERS}`
          const amount = 1 + (i % 7)
          const eventId = `evt_soak_${i}`
          if (i % 10 === 3) failOnce.add(eventId)
          const duplicated = i % 10 < 3
          expected.set(user, (expected.get(user) ?? 0) + amount)
          const sent = await emulator.sendReward(
            { productUserId: user, amount, eventId },
            duplicated ? { duplicates: 1, concurrent: i % 2 === 0 } : {},
          )
          outcomes.push(sent.outcome)
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
      expect(outcomes.filter((o) => o !== 'delivered')).toEqual([])
      let total = 0
      for (const [user, amount] of expected) {
        expect(await engine.balance(user), user).toBe(amount)
        total += amount
      }
      const deliveries = emulator.rewardDeliveries
      const failures = deliveries.filter((d) => d.status !== 200).length
      const duplicates = deliveries.filter((d) => d.status === 200 && JSON.parse(d.response).duplicate).length
      console.info(
        `[soak ${engine.name}] ${REWARDS} rewards, ${deliveries.length} deliveries (${duplicates} answered duplicate, ${failures} non-2xx), ${onRewardCalls} onReward calls, ${total} credits granted = ${total} expected`,
      )
      expect(failOnce.size).toBe(0)
    } finally {
      await emulator.close()
      await server.close()
      await engine.close()
    }
  })
})
