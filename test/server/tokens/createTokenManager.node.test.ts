import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { memoryTokenStore, type CelloApiError, type CelloLogEvent, type CelloTokenStore } from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { createSharedTokenRecord, type TokenRecord } from '../../../src/server/tokens/sharedTokenRecord'
import { contractFetch } from '../../support/contractFetch'
import { clientOf, coldStartFleet, recordingStore } from './tokenFleet'

let emulator: CelloEmulator
let clock = Date.parse('2026-06-01T00:00:00Z')
const now = () => clock

beforeAll(async () => {
  emulator = await createCelloEmulator({
    now,
    tokenTtlSeconds: 3600,
    refreshTtlSeconds: 86400,
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' }],
  })
})
afterEach(() => emulator.reset())
afterAll(() => emulator.close())

/** The tokens the emulator issued, as seen by a client's contractFetch. */
const issued = (contract: ReturnType<typeof contractFetch>) =>
  contract.to('/token').flatMap((e) => {
    const body = e.responseBody as { accessToken?: string; refreshToken?: string }
    return [body.accessToken, body.refreshToken].filter((t): t is string => Boolean(t))
  })

describe('memoryTokenStore', () => {
  it('reads what was written, writes ifAbsent only over nothing, and deletes', async () => {
    const store = memoryTokenStore()
    expect(await store.get('k')).toBeNull()
    expect(await store.set('k', 'one', 60_000)).toBe(true)
    expect(await store.set('k', 'two', 60_000, { ifAbsent: true })).toBe(false)
    expect(await store.get('k')).toBe('one')
    expect(await store.set('k', 'three', 60_000)).toBe(true)
    expect(await store.get('k')).toBe('three')
    await store.delete('k')
    expect(await store.get('k')).toBeNull()
    expect(await store.set('k', 'four', 60_000, { ifAbsent: true })).toBe(true)
  })

  it('forgets a value once its ttl has passed, and then lets ifAbsent write', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const store = memoryTokenStore()
      await store.set('k', 'v', 1000)
      vi.setSystemTime(Date.now() + 999)
      expect(await store.get('k')).toBe('v')
      vi.setSystemTime(Date.now() + 1)
      expect(await store.get('k')).toBeNull()
      await store.set('lock', 'a', 1000, { ifAbsent: true })
      vi.setSystemTime(Date.now() + 1000)
      expect(await store.set('lock', 'b', 1000, { ifAbsent: true })).toBe(true)
      expect(await store.get('lock')).toBe('b')
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('a fleet sharing a token store', () => {
  it('makes one POST /token when 20 instances start cold at once', async () => {
    const links = await coldStartFleet(emulator, memoryTokenStore())
    expect(links).toHaveLength(40)
    for (const link of links) expect(link).toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(emulator.tokenRequests).toEqual([expect.objectContaining({ kind: 'keys', ok: true })])
  })

  it('reads the record again after taking the lock: the holder before it may just have written it', async () => {
    const store = memoryTokenStore()
    await clientOf(emulator, { tokenStore: store }).getActiveLink('alice')
    // This instance's first read happened just before that holder wrote the record and let go of the lock.
    let stale = true
    const lagging: CelloTokenStore = {
      ...store,
      get: async (key) => (stale && !key.includes('lock') ? ((stale = false), null) : store.get(key)),
    }
    await clientOf(emulator, { tokenStore: lagging }).getActiveLink('alice')
    expect(stale).toBe(false)
    expect(emulator.tokenRequests).toHaveLength(1)
  })

  it('lets a later instance use the token without an exchange, and logs that it did', async () => {
    const store = memoryTokenStore()
    await clientOf(emulator, { tokenStore: store }).getActiveLink('alice')
    const logs: CelloLogEvent[] = []
    await clientOf(emulator, { tokenStore: store }, logs).getActiveLink('alice')
    expect(emulator.tokenRequests).toHaveLength(1)
    expect(logs).toEqual([{ type: 'token', action: 'loaded' }])
  })
})

describe('encryption at rest', () => {
  it('stores neither the access token nor the refresh token, nor the keys', async () => {
    const recording = recordingStore(memoryTokenStore())
    const contract = contractFetch()
    await clientOf(emulator, { tokenStore: recording.store, fetch: contract.fetch }).getActiveLink('alice')
    const tokens = issued(contract)
    expect(tokens).toHaveLength(2)
    const writes = recording.recordWrites()
    expect(writes).toHaveLength(1)
    expect(writes[0]!.value).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/)
    const everything = JSON.stringify(recording.calls)
    for (const secret of [...tokens, emulator.secretAccessKey, emulator.accessKeyId])
      expect(everything).not.toContain(secret)
  })

  it('ignores a record sealed with other keys, or tampered with, as if there were none', async () => {
    const recording = recordingStore(memoryTokenStore())
    // Another app with the same access key id but another secret writes the record first.
    const foreign: typeof fetch = async (input) =>
      String(input).endsWith('/token')
        ? Response.json(
            { accessToken: 'at_foreign', refreshToken: 'rt_foreign', expiresIn: 3600, refreshTokenExpiresIn: 86400 },
            { status: 201 },
          )
        : Response.json({ activeUcc: 'pNRB1aYqArN', link: 'https://moonly.cello.so/pNRB1aYqArN' })
    await clientOf(emulator, {
      tokenStore: recording.store,
      secretAccessKey: 'another-secret-access-key',
      fetch: foreign,
    }).getActiveLink('alice')
    expect(recording.recordWrites()).toHaveLength(1)

    const logs: CelloLogEvent[] = []
    const contract = contractFetch()
    await expect(
      clientOf(emulator, { tokenStore: recording.store, fetch: contract.fetch }, logs).getActiveLink('alice'),
    ).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(contract.exchanges.map((e) => `${e.path} ${e.status}`)).toEqual([
      '/token 201',
      '/referral-codes/active-link/alice 200',
    ])
    expect(logs).not.toContainEqual({ type: 'token', action: 'loaded' })

    // Flip one character of the ciphertext of the record it wrote.
    const { key, value } = recording.recordWrites().at(-1)!
    const tampered = value!.slice(0, -2) + (value!.at(-2) === 'A' ? 'B' : 'A') + value!.at(-1)
    await recording.store.set(key, tampered, 60_000)
    await clientOf(emulator, { tokenStore: recording.store }).getActiveLink('alice')
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'keys'])
  })
})

describe('the shared record as read back', () => {
  const record = () =>
    createSharedTokenRecord({
      store: memoryTokenStore(),
      baseUrl: 'https://api.sandbox.cello.so',
      accessKeyId: 'key-id',
      secretAccessKey: 'secret',
      lockTtlMs: 1000,
    })
  const times = { accessExpiresAt: 2_000, refreshAt: 1_000 }

  it('reads back what it wrote, with or without a refresh token, and nothing else', async () => {
    const shared = record()
    const full = { accessToken: 'at', ...times, refreshToken: 'rt', refreshExpiresAt: 3_000 }
    await shared.write({ ...full, extra: 'dropped' } as TokenRecord, 60_000)
    expect(await shared.read()).toEqual(full)
    await shared.write({ accessToken: 'at', ...times, refreshExpiresAt: 3_000 }, 60_000)
    expect(await shared.read()).toEqual({ accessToken: 'at', ...times })
  })

  it('reads a record of another shape (an older or newer version wrote it) as none', async () => {
    const shared = record()
    for (const odd of [
      { ...times },
      { accessToken: 1, ...times },
      { accessToken: 'at', accessExpiresAt: '2000', refreshAt: 1_000 },
      { accessToken: 'at', ...times, refreshToken: 'rt' },
      { accessToken: 'at', ...times, refreshToken: 7, refreshExpiresAt: 3_000 },
      null,
      ['at'],
    ]) {
      await shared.write(odd as unknown as TokenRecord, 60_000)
      expect(await shared.read(), JSON.stringify(odd)).toBeNull()
    }
  })
})

describe('a failing store', () => {
  const failing = (how: 'throw' | 'reject' | 'hang'): CelloTokenStore => {
    const fail = () => {
      if (how === 'throw') throw new Error('store down: token:abc at_secret')
      return how === 'reject' ? Promise.reject(new Error('store down')) : new Promise<never>(() => {})
    }
    return { get: fail, set: fail, delete: fail }
  }

  it.each(['throw', 'reject', 'hang'] as const)(
    'is logged as store_failed when its methods %s, and the client works with one exchange',
    async (how) => {
      const logs: CelloLogEvent[] = []
      const client = clientOf(emulator, { tokenStore: failing(how) }, logs)
      await Promise.all([client.getActiveLink('alice'), client.getActiveLink('alice')])
      await expect(client.getActiveLink('alice')).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
      expect(emulator.tokenRequests).toHaveLength(1)
      expect(logs).toContainEqual({
        type: 'token',
        action: 'store_failed',
        operation: 'get',
        reason: how === 'hang' ? 'timeout' : 'error',
      })
      expect(logs).toContainEqual({ type: 'token', action: 'authenticated' })
      expect(JSON.stringify(logs)).not.toMatch(/at_|rt_|token:|secret|store down/)
    },
  )
})

describe('a 401 with a shared record', () => {
  it('invalidates the record that holds the refused token, and the fleet obtains one new token', async () => {
    const recording = recordingStore(memoryTokenStore())
    const first = clientOf(emulator, { tokenStore: recording.store })
    const secondLogs: CelloLogEvent[] = []
    const second = clientOf(emulator, { tokenStore: recording.store }, secondLogs)
    await first.getActiveLink('alice')
    await second.getActiveLink('alice')
    expect(emulator.tokenRequests).toHaveLength(1)

    emulator.expireTokens()
    await expect(first.getActiveLink('alice')).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(recording.recordDeletes()).toHaveLength(1)
    // The second still holds the refused token: its 401 finds a record with another token, keeps it, and uses it.
    await expect(second.getActiveLink('alice')).resolves.toMatchObject({ activeUcc: 'pNRB1aYqArN' })
    expect(recording.recordDeletes()).toHaveLength(1)
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'refresh'])
    expect(secondLogs.filter((e) => e.type === 'token').map((e) => e.action)).toEqual([
      'loaded',
      'invalidated',
      'loaded',
    ])
    expect(emulator.requests.filter((r) => r.status === 401)).toHaveLength(2)
  })
})

describe('refresh through the store', () => {
  it('refreshes once shortly before expiry, and another instance reads the refreshed token', async () => {
    const store = memoryTokenStore()
    const firstContract = contractFetch()
    const secondContract = contractFetch()
    const first = clientOf(emulator, { tokenStore: store, now, fetch: firstContract.fetch })
    const second = clientOf(emulator, { tokenStore: store, now, fetch: secondContract.fetch })
    await first.getActiveLink('alice')
    await second.getActiveLink('alice')

    clock += 3600_000 - 30_000 // inside the refresh margin, still valid at Cello
    await first.getActiveLink('alice')
    await second.getActiveLink('alice')
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'refresh'])
    const refreshed = (firstContract.to('/token').at(-1)!.responseBody as { accessToken: string }).accessToken
    expect(secondContract.to('/token')).toHaveLength(0)
    expect(secondContract.exchanges.at(-1)!.authorization).toBe(`Bearer ${refreshed}`)

    // Past the refresh token's life too: one instance authenticates with the keys for both.
    clock += 86400_000
    await Promise.all([first.getActiveLink('alice'), second.getActiveLink('alice')])
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'refresh', 'keys'])
  })
})

describe('refresh while another instance refreshes', () => {
  it('keeps using the current token, still valid, instead of waiting for the refresh', async () => {
    const store = memoryTokenStore()
    const contracts = [contractFetch(), contractFetch()]
    const [first, second] = contracts.map((contract) =>
      clientOf(emulator, { tokenStore: store, now, fetch: contract.fetch }),
    )
    await first!.getActiveLink('alice')
    await second!.getActiveLink('alice')
    const current = contracts[0]!.exchanges.at(-1)!.authorization

    clock += 3600_000 - 30_000
    emulator.injectFault({ kind: 'latency', ms: 150, path: '/token' })
    await Promise.all([first!.getActiveLink('alice'), second!.getActiveLink('alice')])
    expect(emulator.tokenRequests.map((t) => t.kind)).toEqual(['keys', 'refresh'])
    // The one that did not take the lock called Cello with the token it had.
    const used = contracts.map((contract) => contract.exchanges.at(-1)!.authorization)
    expect(used.filter((bearer) => bearer === current)).toHaveLength(1)
  })
})

describe('secrets', () => {
  it('redacts a token read from the store, and never shows it in JSON.stringify or util.inspect', async () => {
    const store = memoryTokenStore()
    const contract = contractFetch()
    await clientOf(emulator, { tokenStore: store, fetch: contract.fetch }).getActiveLink('alice')
    const [token] = issued(contract)
    const reader = clientOf(emulator, { tokenStore: store })
    emulator.injectFault({ kind: 'status', status: 400, message: `bad token ${token}`, path: '/referral-codes' })
    const error = (await reader.getActiveLink('alice').catch((e: unknown) => e)) as CelloApiError
    expect(emulator.tokenRequests).toHaveLength(1) // the reader did use the stored token
    expect(error.celloMessage).toBe('bad token [redacted]')
    for (const text of [
      error.message,
      inspect(error, { depth: 10 }),
      JSON.stringify(reader),
      inspect(reader, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(token!)
      expect(text).not.toContain(emulator.secretAccessKey)
    }
  })
})
