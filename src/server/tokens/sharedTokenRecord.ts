// The token record shared through a CelloTokenStore: where it lives, how it is sealed, and how a
// slow or failing store is kept from breaking the client (every operation is bounded and a failure
// is an answer, FAILED, that the token manager turns into the in-process path).
import type { CelloLogEvent } from '../client/celloTransport'
import type { CelloTokenStore } from './CelloTokenStore'
import { createTokenCipher, hashName } from './tokenCipher'

/** What instances share: absolute times in ms by the writer's clock. */
export interface TokenRecord {
  accessToken: string
  accessExpiresAt: number
  /** When holders should stop using the access token and obtain a new one. */
  refreshAt: number
  refreshToken?: string
  refreshExpiresAt?: number
}

/** Options of {@link createSharedTokenRecord}. */
export interface SharedTokenRecordOptions {
  store: CelloTokenStore
  baseUrl: string
  accessKeyId: string
  secretAccessKey: string
  log?: (event: CelloLogEvent) => void
  /** Bound on each store operation. @defaultValue 1000 */
  timeoutMs?: number
  /** How long the exchange lock is held at most (a crashed holder frees it by expiring). */
  lockTtlMs: number
}

/** What a store operation that threw, rejected or timed out answers. */
export const FAILED = Symbol('store failed')
type Failed = typeof FAILED

/** The shared record's operations; none throws, a failing store answers FAILED. */
export interface SharedTokenRecord {
  read(): Promise<TokenRecord | null | Failed>
  write(record: TokenRecord, ttlMs: number): Promise<void>
  /** Deletes the record when it still holds `accessToken`. */
  remove(accessToken: string): Promise<void>
  lock(): Promise<'acquired' | 'held' | Failed>
  unlock(): Promise<void>
}

/**
 * `value` as a {@link TokenRecord}, or `null` when it is not one: a refresh token always comes with
 * its expiry. Checked by hand, not with zod: the record is this package's own, written by `write`
 * and sealed (only a holder of the secret key could have written it), so the check guards against
 * an older or newer version's shape, not against anyone's input.
 */
function asTokenRecord(value: unknown): TokenRecord | null {
  if (typeof value !== 'object' || value === null) return null
  const fields: Partial<Record<keyof TokenRecord, unknown>> = value
  const { accessToken, accessExpiresAt, refreshAt, refreshToken, refreshExpiresAt } = fields
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)
  if (typeof accessToken !== 'string' || !finite(accessExpiresAt) || !finite(refreshAt)) return null
  if (refreshToken === undefined) return { accessToken, accessExpiresAt, refreshAt }
  if (typeof refreshToken !== 'string' || !finite(refreshExpiresAt)) return null
  return { accessToken, accessExpiresAt, refreshAt, refreshToken, refreshExpiresAt }
}

/** The token record of one Cello account (API host + access key id) in `store`, sealed, with its lock. */
export function createSharedTokenRecord(options: SharedTokenRecordOptions): SharedTokenRecord {
  const { store, log } = options
  const timeoutMs = options.timeoutMs ?? 1000
  const cipher = createTokenCipher(options.secretAccessKey, options.accessKeyId)
  // The access key id is not secret, but the store's keys need not say whose they are.
  let names: Promise<{ record: string; lock: string }> | undefined
  const keys = () =>
    (names ??= hashName(`${options.baseUrl}\n${options.accessKeyId}`).then((id) => ({
      record: `token:${id}`,
      lock: `token-lock:${id}`,
    })))
  const owner = crypto.randomUUID()

  /** Runs one store operation within `timeoutMs`; a throw, a rejection or a timeout is FAILED (and logged). */
  async function guard<T>(operation: 'get' | 'set' | 'delete', run: () => Promise<T>): Promise<T | Failed> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
    })
    try {
      const result = await Promise.race([
        Promise.resolve()
          .then(run)
          .then((value) => ({ value })),
        timeout,
      ])
      if (result !== 'timeout') return result.value
      log?.({ type: 'token', action: 'store_failed', operation, reason: 'timeout' })
    } catch {
      // The store's error is not logged: a store may put the key or the value in its message.
      log?.({ type: 'token', action: 'store_failed', operation, reason: 'error' })
    } finally {
      clearTimeout(timer)
    }
    return FAILED
  }

  async function read(): Promise<TokenRecord | null | Failed> {
    const { record } = await keys()
    const sealed = await guard('get', () => store.get(record))
    if (sealed === FAILED || typeof sealed !== 'string') return sealed === FAILED ? FAILED : null
    const plaintext = await cipher.open(sealed, record)
    if (plaintext === null) return null
    try {
      return asTokenRecord(JSON.parse(plaintext))
    } catch {
      return null
    }
  }

  return {
    read,
    async write(value, ttlMs) {
      const { record } = await keys()
      const sealed = await cipher.seal(JSON.stringify(value), record)
      await guard('set', () => store.set(record, sealed, Math.max(1, Math.ceil(ttlMs))))
    },
    async remove(accessToken) {
      const current = await read()
      if (current === FAILED || current?.accessToken !== accessToken) return
      const { record } = await keys()
      await guard('delete', () => store.delete(record))
    },
    async lock() {
      const { lock } = await keys()
      const written = await guard('set', () => store.set(lock, owner, options.lockTtlMs, { ifAbsent: true }))
      return written === FAILED ? FAILED : written ? 'acquired' : 'held'
    },
    async unlock() {
      const { lock } = await keys()
      // Not atomic, but it keeps a holder whose lock expired from freeing its successor's.
      if ((await guard('get', () => store.get(lock))) === owner) await guard('delete', () => store.delete(lock))
    },
  }
}
