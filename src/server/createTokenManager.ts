// Cello's access and refresh tokens (FACTS.md §2.2): reuse the access token until shortly before
// it expires, refresh while the refresh token lives, then authenticate with the keys again. One
// exchange at a time: concurrent callers share the one in flight.
import { CelloApiError } from './CelloApiError'
import type { CelloLogEvent } from './celloTransport'
import type { TokenResponse, RefreshTokenResponse } from './types'

interface Held {
  token: string
  expiresAt: number
}

export interface TokenManagerOptions {
  exchangeKeys: () => Promise<TokenResponse>
  exchangeRefresh: (refreshToken: string) => Promise<RefreshTokenResponse>
  now: () => number
  log?: (event: CelloLogEvent) => void
}

export interface TokenManager {
  /** A valid access token, from memory when it has more than its margin left. */
  get(): Promise<string>
  /** Forgets `token` (after a 401) so the next `get()` obtains a new one. */
  invalidate(token: string): void
  /** Every token held right now, for redaction. */
  held(): string[]
}

/** Refresh this long before expiry: 10% of the lifetime, at most a minute. */
const margin = (lifetimeMs: number) => Math.min(60_000, lifetimeMs * 0.1)

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  let access: (Held & { refreshAt: number }) | null = null
  let refresh: Held | null = null
  let inflight: Promise<string> | null = null

  const hold = (token: string, expiresIn: number): Held & { refreshAt: number } => {
    const now = options.now()
    return { token, expiresAt: now + expiresIn * 1000, refreshAt: now + expiresIn * 1000 - margin(expiresIn * 1000) }
  }

  async function obtain(): Promise<string> {
    if (refresh && options.now() < refresh.expiresAt - 5_000) {
      try {
        const answer = await options.exchangeRefresh(refresh.token)
        access = hold(answer.accessToken, answer.expiresIn)
        options.log?.({ type: 'token', action: 'refreshed' })
        return access.token
      } catch (error) {
        // Refused (revoked or expired early): fall back to the keys. Other failures propagate.
        if (!(error instanceof CelloApiError && error.code === 'api_error' && (error.status === 400 || error.status === 401))) throw error
        options.log?.({ type: 'token', action: 'refresh_rejected' })
        refresh = null
      }
    }
    const answer = await options.exchangeKeys()
    access = hold(answer.accessToken, answer.expiresIn)
    refresh = { token: answer.refreshToken, expiresAt: options.now() + answer.refreshTokenExpiresIn * 1000 }
    options.log?.({ type: 'token', action: 'authenticated' })
    return access.token
  }

  return {
    get() {
      if (access && options.now() < access.refreshAt) return Promise.resolve(access.token)
      inflight ??= obtain().finally(() => {
        inflight = null
      })
      return inflight
    },
    invalidate(token) {
      if (access?.token === token) {
        access = null
        options.log?.({ type: 'token', action: 'invalidated' })
      }
    },
    held: () => [access?.token, refresh?.token].filter((t): t is string => Boolean(t)),
  }
}
