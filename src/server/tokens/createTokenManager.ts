// Cello's access and refresh tokens (https://docs.cello.so/api-reference/authentication/get-token):
// reuse the access token until shortly before it expires, refresh while the refresh token lives,
// then authenticate with the keys again. One exchange at a time: concurrent callers share the one
// in flight. With a shared record (a CelloTokenStore), one exchange per fleet: the instance that
// takes the lock exchanges and writes the record, the others wait for it.
import { CelloApiError } from '../client/CelloApiError'
import type { CelloLogEvent } from '../client/celloTransport'
import { FAILED, type SharedTokenRecord, type TokenRecord } from './sharedTokenRecord'
import type { TokenResponse, RefreshTokenResponse } from '../client/types'

interface Held {
  token: string
  expiresAt: number
}
type Access = Held & { refreshAt: number }

export interface TokenManagerOptions {
  exchangeKeys: () => Promise<TokenResponse>
  exchangeRefresh: (refreshToken: string) => Promise<RefreshTokenResponse>
  now: () => number
  log?: (event: CelloLogEvent) => void
  /** The record other instances share; without it, tokens stay in this process. */
  shared?: SharedTokenRecord
  /** Longest wait for another instance's exchange before making one here. @defaultValue 11000 */
  maxWaitMs?: number
}

export interface TokenManager {
  /** A valid access token, from memory when it has more than its margin left. */
  get(): Promise<string>
  /** Forgets `token` (after a 401), here and in the shared record, so the next `get()` obtains a new one. */
  invalidate(token: string): Promise<void>
  /** Every token held right now, for redaction. */
  held(): string[]
}

/** Refresh this long before expiry: 10% of the lifetime, at most a minute. */
const margin = (lifetimeMs: number) => Math.min(60_000, lifetimeMs * 0.1)
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { now, log, shared } = options
  const maxWaitMs = options.maxWaitMs ?? 11_000
  let access: Access | null = null
  let refresh: Held | null = null
  let inflight: Promise<string> | null = null
  /** The last tokens Cello refused: never taken from the store again, and still redacted. */
  const rejected: string[] = []

  const hold = (token: string, expiresIn: number): Access => {
    const at = now()
    return { token, expiresAt: at + expiresIn * 1000, refreshAt: at + expiresIn * 1000 - margin(expiresIn * 1000) }
  }

  /** Exchanges a refresh token (or the keys) for a new access token, which it also holds. */
  async function exchange(record: TokenRecord | null): Promise<Access> {
    // The shared refresh token is as good as ours, and newer after another instance authenticated.
    if (
      record?.refreshToken &&
      record.refreshExpiresAt !== undefined &&
      record.refreshExpiresAt > (refresh?.expiresAt ?? 0)
    ) {
      refresh = { token: record.refreshToken, expiresAt: record.refreshExpiresAt }
    }
    if (refresh && now() < refresh.expiresAt - 5_000) {
      try {
        const answer = await options.exchangeRefresh(refresh.token)
        access = hold(answer.accessToken, answer.expiresIn)
        log?.({ type: 'token', action: 'refreshed' })
        return access
      } catch (error) {
        // Refused (revoked or expired early): fall back to the keys. Other failures propagate.
        if (!(
          error instanceof CelloApiError &&
          error.code === 'api_error' &&
          (error.status === 400 || error.status === 401)
        ))
          throw error
        log?.({ type: 'token', action: 'refresh_rejected' })
        refresh = null
      }
    }
    const answer = await options.exchangeKeys()
    access = hold(answer.accessToken, answer.expiresIn)
    refresh = { token: answer.refreshToken, expiresAt: now() + answer.refreshTokenExpiresIn * 1000 }
    log?.({ type: 'token', action: 'authenticated' })
    return access
  }

  /** Takes the shared record's access token when it is still fresh and was not refused. */
  function adopt(record: TokenRecord | null): Access | null {
    if (!record || now() >= record.refreshAt || rejected.includes(record.accessToken)) return null
    access = { token: record.accessToken, expiresAt: record.accessExpiresAt, refreshAt: record.refreshAt }
    if (record.refreshToken && record.refreshExpiresAt !== undefined)
      refresh = { token: record.refreshToken, expiresAt: record.refreshExpiresAt }
    log?.({ type: 'token', action: 'loaded' })
    return access
  }

  /** Exchanges and writes the record for the others (while holding the lock, or after waiting too long). */
  async function exchangeAndShare(store: SharedTokenRecord, record: TokenRecord | null): Promise<string> {
    const current = await exchange(record)
    const ttlMs = Math.max(current.expiresAt, refresh?.expiresAt ?? 0) - now()
    const shared: TokenRecord = {
      accessToken: current.token,
      accessExpiresAt: current.expiresAt,
      refreshAt: current.refreshAt,
    }
    if (refresh) Object.assign(shared, { refreshToken: refresh.token, refreshExpiresAt: refresh.expiresAt })
    await store.write(shared, ttlMs)
    return current.token
  }

  async function obtain(): Promise<string> {
    if (!shared) return (await exchange(null)).token
    let record = await shared.read()
    for (let waited = 0, step = 20; ;) {
      // A failing store leaves this instance on its own: exchange here, as without a store.
      if (record === FAILED) return (await exchange(null)).token
      const adopted = adopt(record)
      if (adopted) return adopted.token
      const lock = await shared.lock()
      if (lock === FAILED) return (await exchange(record)).token
      if (lock === 'acquired') {
        let failed = false
        try {
          // Read again: the holder before us may have written the record since our last read.
          const again = await shared.read()
          const adoptedAgain = again === FAILED ? null : adopt(again)
          if (adoptedAgain) return adoptedAgain.token
          if (again !== FAILED) return await exchangeAndShare(shared, again)
          failed = true
          return (await exchange(record)).token
        } finally {
          // A failing store gets no more calls in this exchange; the lock expires by itself.
          if (!failed) await shared.unlock()
        }
      }
      // Another instance is refreshing: the current token is still good until it expires.
      if (record && now() < record.accessExpiresAt - 5_000 && !rejected.includes(record.accessToken)) {
        access = { token: record.accessToken, expiresAt: record.accessExpiresAt, refreshAt: record.refreshAt }
        return access.token
      }
      // Another instance is exchanging: poll for its record with a short, jittered backoff. The
      // lock is tried again each round, so one waiter takes over when the holder's lock expires.
      if (waited >= maxWaitMs) return exchangeAndShare(shared, record)
      const delay = step / 2 + (Math.random() * step) / 2
      await sleep(delay)
      waited += delay
      step = Math.min(step * 1.5, 250)
      record = await shared.read()
    }
  }

  return {
    get() {
      if (access && now() < access.refreshAt) return Promise.resolve(access.token)
      inflight ??= obtain().finally(() => {
        inflight = null
      })
      return inflight
    },
    async invalidate(token) {
      if (!rejected.includes(token)) rejected.push(token)
      if (rejected.length > 4) rejected.shift()
      if (access?.token === token) {
        access = null
        log?.({ type: 'token', action: 'invalidated' })
      }
      // Only when it still holds this token: another instance may already have replaced it.
      await shared?.remove(token)
    },
    held: () => [access?.token, refresh?.token, ...rejected].filter((t): t is string => Boolean(t)),
  }
}
