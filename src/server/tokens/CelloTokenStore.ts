/** Options of {@link CelloTokenStore.set}. */
export interface CelloTokenStoreSetOptions {
  /** Write only when the key holds nothing (Redis `SET … NX`); the lock between instances relies on it. */
  ifAbsent?: boolean
}

/**
 * Where `createCelloClient` keeps Cello's access token so that every instance of your app shares
 * one (`createCelloClient({ tokenStore })`). Without a shared store, each serverless instance
 * exchanges the keys at `POST /token` itself; with one, a fleet makes one exchange.
 *
 * The client writes only encrypted records (AES-256-GCM with a key derived from your secret access
 * key) and a short lock, under keys derived from a hash of the API host and the access key id.
 * Implementations: {@link memoryTokenStore} (per process, the default) and {@link redisTokenStore};
 * any key-value store with expiry and an atomic "set if absent" can implement it.
 *
 * @see https://docs.cello.so/api-reference/authentication/get-token
 */
export interface CelloTokenStore {
  /** The value under `key`, or `null` when there is none or it has expired. */
  get(key: string): Promise<string | null>
  /**
   * Writes `value` under `key` for `ttlMs` milliseconds. With `ifAbsent`, writes only when the key
   * holds nothing, atomically. Resolves to whether it was written.
   */
  set(key: string, value: string, ttlMs: number, options?: CelloTokenStoreSetOptions): Promise<boolean>
  /** Removes `key` (nothing happens when it is absent). */
  delete(key: string): Promise<void>
}
