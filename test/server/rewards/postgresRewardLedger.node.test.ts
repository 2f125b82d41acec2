import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { poolTransaction, postgresRewardLedger, type CelloWebhookEvent } from '../../../src/server'

const event = (eventId: string, extra: Partial<CelloWebhookEvent> = {}): CelloWebhookEvent => ({
  eventId,
  eventType: 'new-reward',
  environment: 'production',
  createdTs: '2024-07-20T12:34:56.789Z',
  version: '1.0.3',
  productUserId: 'alice',
  rewardId: 'rwd_1',
  rewardType: 'credits',
  amount: 500,
  data: { rewardId: 'rwd_1', productUserId: 'alice', rewardType: 'credits', reward: { amount: 500 } },
  ...extra,
})

describe('postgresRewardLedger', () => {
  it('keeps what it recorded as it came: a numeric createdTs, data of any JSON type', async () => {
    const db = new PGlite()
    try {
      const ledger = postgresRewardLedger({ transaction: poolTransaction(db), table: 'rewards_roundtrip' })
      await ledger.createSchema()
      await ledger.createSchema() // again: a no-op
      expect(await ledger.record(event('evt_a', { createdTs: 1721478896789 }), async () => {})).toEqual({
        duplicate: false,
      })
      await ledger.record(event('evt_b', { eventType: 'other', data: 'a string', productUserId: null }), async () => {})
      expect(await ledger.record(event('evt_a'), async () => {})).toEqual({ duplicate: true })
      expect(await ledger.get('evt_a')).toMatchObject({ createdTs: 1721478896789, amount: 500, productUserId: 'alice' })
      expect(await ledger.get('evt_b')).toMatchObject({ eventType: 'other', data: 'a string' })
      expect((await ledger.list({ productUserId: 'alice' })).map((e) => e.eventId)).toEqual(['evt_a'])
      expect(await ledger.get('evt_missing')).toBeNull()
    } finally {
      await db.close()
    }
  }, 60_000)

  it.skipIf(!process.env.DATABASE_URL)('createSchema from several instances at once (PostgreSQL)', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 })
    const table = `cello_rewards_schema_${process.pid}_${Date.now().toString(36)}`
    try {
      const ledgers = Array.from({ length: 6 }, () =>
        postgresRewardLedger({ transaction: poolTransaction(pool), table }),
      )
      await Promise.all(ledgers.map((l) => l.createSchema()))
      expect(await ledgers[0]!.record(event('evt_s'), async () => {})).toEqual({ duplicate: false })
    } finally {
      await pool.query(`DROP TABLE IF EXISTS ${table}`)
      await pool.end()
    }
  })
})
