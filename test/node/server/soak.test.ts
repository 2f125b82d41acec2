import { createServer, type Server } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, createCelloHandler, toNodeHandler } from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

// 2,000 signups through the BFF while the emulator injects ~30% faults (latency, 429, 503,
// dropped connections): each ends delivered (202) or reported to the caller as failed (502), and
// none reaches Cello twice. Memory stays flat across the run.
let emulator: CelloEmulator
let server: Server
let url: string

beforeAll(async () => {
  emulator = await createCelloEmulator({
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }],
    faults: [
      { kind: 'latency', ms: 20, rate: 0.1, times: Infinity, path: '/events' },
      { kind: 'status', status: 429, retryAfter: 0, rate: 0.1, times: Infinity, path: '/events' },
      { kind: 'status', status: 503, rate: 0.1, times: Infinity, path: '/events' },
      { kind: 'drop', rate: 0.1, times: Infinity, path: '/events' },
    ],
  })
  const client = createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    retry: { baseDelayMs: 2, maxDelayMs: 10 },
  })
  const handler = toNodeHandler(
    createCelloHandler({
      client,
      getUser: (request) => {
        const id = request.headers.get('x-user')
        return id ? { productUserId: id, email: `${id}@example.com` } : null
      },
      onError: () => {},
    }),
  )
  server = createServer((req, res) => void handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await emulator.close()
})

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

describe('soak', () => {
  it('2,000 signups under 30% faults: each delivered once or reported failed, none duplicated, memory flat', async () => {
    const outcome = new Map<string, number>()
    const signup = async (i: number) => {
      const user = `user-${i}`
      const response = await fetch(`${url}/api/cello/signups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, 'x-user': user },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      })
      await response.arrayBuffer()
      outcome.set(user, response.status)
    }
    const heaps: number[] = []
    for (let batch = 0; batch < 4; batch++) {
      const ids = Array.from({ length: 500 }, (_, k) => batch * 500 + k)
      for (let k = 0; k < ids.length; k += 25) await Promise.all(ids.slice(k, k + 25).map(signup))
      heaps.push(heap())
    }

    const statuses = [...outcome.values()]
    expect(outcome.size).toBe(2000)
    expect(statuses.every((s) => s === 202 || s === 502)).toBe(true)
    const received = new Map<string, number>()
    for (const event of emulator.events) received.set(event.payload.newUserId, (received.get(event.payload.newUserId) ?? 0) + 1)
    for (const [user, status] of outcome) {
      // Delivered: Cello has it exactly once. Failed: the caller was told, and Cello does not have it.
      expect([user, received.get(user) ?? 0]).toEqual([user, status === 202 ? 1 : 0])
    }
    const delivered = statuses.filter((s) => s === 202).length
    expect(delivered).toBeGreaterThan(1500) // 429/503 were retried; only drops fail
    expect(delivered).toBeLessThan(2000) // the faults did happen
    // Flat: the last batches do not keep what the first ones left (allowing the emulator's own log).
    expect(heaps[3]! - heaps[1]!).toBeLessThan(16 * 1024 * 1024)
  }, 120_000)
})
