import type { CelloTokenStore } from './CelloTokenStore'

/**
 * A {@link CelloTokenStore} in this process's memory, with expiry. It is what `createCelloClient`
 * uses when you pass no `tokenStore` (one per client), and what to pass to several clients of one
 * process that should share a token. It does not reach other instances: use
 * {@link redisTokenStore} (or your own store) for a fleet.
 *
 * @example
 * const tokenStore = memoryTokenStore()
 * const cello = createCelloClient({ accessKeyId, secretAccessKey, tokenStore })
 * @see https://docs.cello.so/api-reference/authentication/get-token
 */
export function memoryTokenStore(): CelloTokenStore {
  const entries = new Map<string, { value: string; expiresAt: number }>()
  const live = (key: string) => {
    const entry = entries.get(key)
    if (entry && Date.now() >= entry.expiresAt) entries.delete(key)
    return entries.get(key)
  }
  return {
    get: async (key) => live(key)?.value ?? null,
    set: async (key, value, ttlMs, options) => {
      if (options?.ifAbsent && live(key)) return false
      entries.set(key, { value, expiresAt: Date.now() + ttlMs })
      return true
    },
    delete: async (key) => {
      entries.delete(key)
    },
  }
}
