// Helpers for the token store tests: a fleet of clients at a cold start, and a store that records
// what it is asked (over any other store).
import {
  createCelloClient,
  type CelloClientOptions,
  type CelloLogEvent,
  type CelloTokenStore,
} from '../../../src/server'
import type { CelloEmulator } from '../../../src/testing'

/** A client of `emulator` with fast retries; its log goes to `logs`. */
export function clientOf(
  emulator: CelloEmulator,
  options: Partial<CelloClientOptions> = {},
  logs: CelloLogEvent[] = [],
) {
  return createCelloClient({
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    baseUrl: emulator.url,
    log: (event) => logs.push(event),
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxElapsedMs: 2000, ...options.retry },
  })
}

/**
 * `size` instances sharing `tokenStore` start cold and each calls `getActiveLink` twice, all at
 * once. The keys exchange is slowed down so that every instance looks at the store while it is
 * under way: without a lock each would make its own.
 */
export async function coldStartFleet(emulator: CelloEmulator, tokenStore: CelloTokenStore, size = 20) {
  emulator.injectFault({ kind: 'latency', ms: 150, path: '/token' })
  const clients = Array.from({ length: size }, () => clientOf(emulator, { tokenStore }))
  return Promise.all(clients.flatMap((client) => [client.getActiveLink('alice'), client.getActiveLink('alice')]))
}

export interface StoreCall {
  method: 'get' | 'set' | 'delete'
  key: string
  value?: string
}

/** Wraps `inner`, recording every call; `records()` are the values written under the token record's key. */
export function recordingStore(inner: CelloTokenStore) {
  const calls: StoreCall[] = []
  const isLock = (key: string) => key.includes('lock')
  const store: CelloTokenStore = {
    get: (key) => (calls.push({ method: 'get', key }), inner.get(key)),
    set: (key, value, ttlMs, options) => (
      calls.push({ method: 'set', key, value }),
      inner.set(key, value, ttlMs, options)
    ),
    delete: (key) => (calls.push({ method: 'delete', key }), inner.delete(key)),
  }
  return {
    store,
    calls,
    recordWrites: () => calls.filter((c) => c.method === 'set' && !isLock(c.key)),
    recordDeletes: () => calls.filter((c) => c.method === 'delete' && !isLock(c.key)),
  }
}
