// The emulator's POST /token and bearer checks: keys → access + refresh tokens, refresh → a new
// access token only, expiry measured with the emulator's clock.
// https://docs.cello.so/api-reference/authentication/get-token
import type { EmulatorAnswer } from './emulatorRoutes'

/** How a request's bearer token looked to the emulator. */
export type Authorization = 'valid' | 'missing' | 'invalid' | 'expired'

/** Keys, lifetimes (seconds) and clock (ms) of {@link createTokenIssuer}. */
export interface TokenIssuerOptions {
  accessKeyId: string
  secretAccessKey: string
  tokenTtl: number
  refreshTtl: number
  now: () => number
}

const randomToken = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`

/** Issues and checks tokens; `requests` lists every exchange. */
export function createTokenIssuer({ accessKeyId, secretAccessKey, tokenTtl, refreshTtl, now }: TokenIssuerOptions) {
  let accessTokens = new Map<string, number>()
  let refreshTokens = new Map<string, number>()
  let requests: { kind: 'keys' | 'refresh'; ok: boolean; at: string }[] = []
  const refused = (message: string): EmulatorAnswer => ({ status: 400, body: { message } })
  const issue = (ttl: number, prefix: string, into: Map<string, number>) => {
    const token = randomToken(prefix)
    into.set(token, now() + ttl * 1000)
    return token
  }

  return {
    get requests() {
      return requests
    },
    /** `POST /token` with the keys or a refresh token. */
    exchange(body: unknown): EmulatorAnswer {
      const b = {
        refreshToken: field(body, 'refreshToken'),
        accessKeyId: field(body, 'accessKeyId'),
        secretAccessKey: field(body, 'secretAccessKey'),
      }
      const at = new Date(now()).toISOString()
      if (typeof b.refreshToken === 'string') {
        const expiresAt = refreshTokens.get(b.refreshToken)
        const ok = expiresAt !== undefined && now() < expiresAt
        requests.push({ kind: 'refresh', ok, at })
        if (!ok) return refused('Invalid or expired refresh token')
        return { status: 201, body: { accessToken: issue(tokenTtl, 'at', accessTokens), expiresIn: tokenTtl } }
      }
      const ok = b.accessKeyId === accessKeyId && b.secretAccessKey === secretAccessKey
      requests.push({ kind: 'keys', ok, at })
      if (typeof b.accessKeyId !== 'string' || typeof b.secretAccessKey !== 'string')
        return refused('accessKeyId and secretAccessKey are required')
      if (!ok) return refused('Invalid credentials')
      return {
        status: 201,
        body: {
          accessToken: issue(tokenTtl, 'at', accessTokens),
          refreshToken: issue(refreshTtl, 'rt', refreshTokens),
          expiresIn: tokenTtl,
          refreshTokenExpiresIn: refreshTtl,
        },
      }
    },
    /** Checks an `Authorization` header. */
    authorize(header: string | undefined): Authorization {
      const token = /^Bearer (.+)$/.exec(header ?? '')?.[1]
      if (token === undefined) return 'missing'
      const expiresAt = accessTokens.get(token)
      if (expiresAt === undefined) return 'invalid'
      return now() < expiresAt ? 'valid' : 'expired'
    },
    /** Invalidates every access token issued so far. */
    expireAccessTokens() {
      accessTokens = new Map()
    },
    reset() {
      accessTokens = new Map()
      refreshTokens = new Map()
      requests = []
    },
  }
}

/** A field of a parsed JSON body, or `undefined` when the body is no object or lacks it. */
function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, name) ? Reflect.get(body, name) : undefined
}
