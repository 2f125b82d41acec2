// redisTokenStore against a real Redis, over node-redis and over ioredis. Runs when REDIS_URL is
// set (.ci/run sets it); every key lives under a prefix unique to this run and is deleted after.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { redisTokenStore } from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { clientOf, coldStartFleet, recordingStore } from './tokenFleet'

const url = process.env.REDIS_URL

const runPrefix = `react-cello-test:${randomUUID()}:`
let emulator: CelloEmulator
let nodeRedis: ReturnType<typeof createClient> | undefined
let ioredis: Redis | undefined

beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }] })
  if (!url) return
  nodeRedis = createClient({ url })
  await nodeRedis.connect()
  ioredis = new Redis(url)
})
afterEach(() => emulator.reset())
afterAll(async () => {
  await emulator.close()
  if (nodeRedis) {
    const keys = (await nodeRedis.sendCommand(['KEYS', `${runPrefix}*`])) as string[]
    if (keys.length) await nodeRedis.sendCommand(['DEL', ...keys])
    await nodeRedis.close()
  }
  await ioredis?.quit()
})

const flavours = [
  { name: 'node-redis', store: (prefix: string) => redisTokenStore(nodeRedis!, { prefix }) },
  { name: 'ioredis', store: (prefix: string) => redisTokenStore(ioredis!, { prefix }) },
] as const

describe.each(flavours)('redisTokenStore over $name', ({ name, store }) => {
  const prefix = () => `${runPrefix}${name}:${randomUUID()}:`

  it.skipIf(!url)('gets, sets with a ttl, sets only when absent with ifAbsent, and deletes', async () => {
    const p = prefix()
    const s = store(p)
    expect(await s.get('k')).toBeNull()
    expect(await s.set('k', 'one', 60_000)).toBe(true)
    expect(await s.set('k', 'two', 60_000, { ifAbsent: true })).toBe(false)
    expect(await s.get('k')).toBe('one')
    const pttl = Number(await nodeRedis!.sendCommand(['PTTL', `${p}k`]))
    expect(pttl).toBeGreaterThan(0)
    expect(pttl).toBeLessThanOrEqual(60_000)
    await s.delete('k')
    expect(await s.get('k')).toBeNull()
    expect(await s.set('k', 'three', 60_000, { ifAbsent: true })).toBe(true)
    expect(await nodeRedis!.sendCommand(['EXISTS', `${p}k`])).toBe(1)
  })

  it.skipIf(!url)('makes one POST /token when 20 instances sharing it start cold at once', async () => {
    const links = await coldStartFleet(emulator, store(prefix()))
    expect(links).toHaveLength(40)
    for (const link of links) expect(link).toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(emulator.tokenRequests).toEqual([expect.objectContaining({ kind: 'keys', ok: true })])
  })

  it.skipIf(!url)('holds a sealed record and no lock once the exchange is done', async () => {
    const p = prefix()
    const recording = recordingStore(store(p))
    await clientOf(emulator, { tokenStore: recording.store }).getActiveLink('alice')
    const keys = (await nodeRedis!.sendCommand(['KEYS', `${p}*`])) as string[]
    expect(keys).toEqual([`${p}${recording.recordWrites()[0]!.key}`])
    expect(await nodeRedis!.sendCommand(['GET', keys[0]!])).toMatch(/^v1\.[\w-]+\.[\w-]+$/)
  })
})
