import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { checkEvent, type ReceivedEvent } from './emulatorEvents'
import { createFaultList, type EmulatorFault } from './emulatorFaults'

/** A referrer the emulator knows: their code, campaign and name. */
export interface EmulatorReferrer {
  productUserId: string
  ucc: string
  campaignId?: string
  name?: string
}

/** Options of {@link createCelloEmulator}. */
export interface CelloEmulatorOptions {
  /** @defaultValue 0 (a free port) */
  port?: number
  /** @defaultValue 'emulator-access-key-id' */
  accessKeyId?: string
  /** @defaultValue 'emulator-secret-access-key' */
  secretAccessKey?: string
  /** Access-token lifetime. @defaultValue 18000 (Cello's 5 h) */
  tokenTtlSeconds?: number
  /** Refresh-token lifetime. @defaultValue 432000 (Cello's 5 days) */
  refreshTtlSeconds?: number
  referrers?: EmulatorReferrer[]
  /** Faults armed from the start. */
  faults?: EmulatorFault[]
  /** The emulator's clock in ms, for token-expiry tests. @defaultValue Date.now */
  now?: () => number
  /** Invite links are `linkBase + ucc`. @defaultValue 'https://moonly.cello.so/' */
  linkBase?: string
}

/** One request the emulator saw. */
export interface EmulatorRequest {
  method: string
  path: string
  status: number | 'dropped'
  authorization?: 'valid' | 'missing' | 'invalid' | 'expired'
}

/** A running emulator: its address, keys, what it received, and its fault controls. */
export interface CelloEmulator {
  /** `http://127.0.0.1:<port>`: pass it to `createCelloClient({ baseUrl })`. */
  readonly url: string
  readonly port: number
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Every accepted `POST /events`, in order. */
  readonly events: readonly ReceivedEvent[]
  /** Every `POST /token`. */
  readonly tokenRequests: readonly { kind: 'keys' | 'refresh'; ok: boolean; at: string }[]
  /** Every request, faulted ones included. */
  readonly requests: readonly EmulatorRequest[]
  readonly referrers: readonly EmulatorReferrer[]
  addReferrer(referrer: EmulatorReferrer): void
  injectFault(fault: EmulatorFault): void
  clearFaults(): void
  /** Invalidates every access token issued so far: the next bearer call gets 401. */
  expireTokens(): void
  /** Forgets events, requests, token requests, faults and tokens; keeps the configured referrers. */
  reset(): void
  close(): Promise<void>
}

export type { EmulatorFault, ReceivedEvent }

const BODY_LIMIT = 1024 * 1024

/** An 11-character alphanumeric code derived from the user id, as Cello's codes look (FACTS §5). */
function codeFor(productUserId: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let h = 2166136261
  let out = ''
  for (let i = 0; out.length < 11; i++) {
    h = Math.imul(h ^ (productUserId.charCodeAt(i % Math.max(1, productUserId.length)) || 0) ^ i, 16777619) >>> 0
    out += alphabet[h % alphabet.length]
  }
  return out
}

const randomToken = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`

/**
 * Starts a local Cello API v1 on 127.0.0.1 that behaves as Cello's documentation and OpenAPI
 * document say: `/token` with keys and refresh tokens (expiry included), bearer checks, referral
 * codes, active links, new-user rewards, depersonalization and events, with `{ message }` errors.
 * It keeps what it received for inspection and injects faults on demand. Node only.
 *
 * Cello does not document what it answers for the active link of an unknown user; the emulator
 * makes that user a referrer with a code derived from their id.
 *
 * @example
 * const emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', name: 'Alice' }] })
 * const cello = createCelloClient({ baseUrl: emulator.url, accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey })
 */
export async function createCelloEmulator(options: CelloEmulatorOptions = {}): Promise<CelloEmulator> {
  const { createServer } = await import('node:http')
  const now = options.now ?? Date.now
  const accessKeyId = options.accessKeyId ?? 'emulator-access-key-id'
  const secretAccessKey = options.secretAccessKey ?? 'emulator-secret-access-key'
  const tokenTtl = options.tokenTtlSeconds ?? 18_000
  const refreshTtl = options.refreshTtlSeconds ?? 432_000
  const linkBase = options.linkBase ?? 'https://moonly.cello.so/'
  const configured = options.referrers ?? []

  let referrers = configured.map((r) => ({ ...r }))
  let events: ReceivedEvent[] = []
  let requests: EmulatorRequest[] = []
  let tokenRequests: { kind: 'keys' | 'refresh'; ok: boolean; at: string }[] = []
  let accessTokens = new Map<string, number>()
  let refreshTokens = new Map<string, number>()
  const faults = createFaultList(options.faults)

  const byUcc = (ucc: string) => referrers.find((r) => r.ucc === ucc)
  const byUser = (id: string) => referrers.find((r) => r.productUserId === id)

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> }
  const message = (status: number, text: string): Answer => ({ status, body: { message: text } })

  function authorize(req: IncomingMessage): EmulatorRequest['authorization'] {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
    if (!match) return 'missing'
    const expiresAt = accessTokens.get(match[1]!)
    if (expiresAt === undefined) return 'invalid'
    return now() < expiresAt ? 'valid' : 'expired'
  }

  function token(body: unknown): Answer {
    const b = (body ?? {}) as Record<string, unknown>
    const at = new Date(now()).toISOString()
    if (typeof b.refreshToken === 'string') {
      const expiresAt = refreshTokens.get(b.refreshToken)
      const ok = expiresAt !== undefined && now() < expiresAt
      tokenRequests.push({ kind: 'refresh', ok, at })
      if (!ok) return message(400, 'Invalid or expired refresh token')
      const accessToken = randomToken('at')
      accessTokens.set(accessToken, now() + tokenTtl * 1000)
      return { status: 201, body: { accessToken, expiresIn: tokenTtl } }
    }
    const ok = b.accessKeyId === accessKeyId && b.secretAccessKey === secretAccessKey
    tokenRequests.push({ kind: 'keys', ok, at })
    if (typeof b.accessKeyId !== 'string' || typeof b.secretAccessKey !== 'string') return message(400, 'accessKeyId and secretAccessKey are required')
    if (!ok) return message(400, 'Invalid credentials')
    const accessToken = randomToken('at')
    const refreshToken = randomToken('rt')
    accessTokens.set(accessToken, now() + tokenTtl * 1000)
    refreshTokens.set(refreshToken, now() + refreshTtl * 1000)
    return { status: 201, body: { accessToken, refreshToken, expiresIn: tokenTtl, refreshTokenExpiresIn: refreshTtl } }
  }

  function route(method: string, path: string, body: unknown): Answer {
    let segments: string[]
    try {
      segments = path.split('/').slice(1).map(decodeURIComponent)
    } catch {
      return message(400, 'Malformed path')
    }
    const [first, second, third, fourth] = segments
    const allow = (m: string, answer: () => Answer): Answer => (method === m ? answer() : message(405, `Method ${method} not allowed`))
    if (path === '/events') {
      return allow('POST', () => {
        const checked = checkEvent(body)
        if (!checked.ok) return message(400, checked.message)
        events.push({ ...checked.event, receivedAt: new Date(now()).toISOString() })
        return { status: 200, body: { success: true } }
      })
    }
    if (first === 'referral-codes' && second === 'active-link' && third && segments.length === 3) {
      return allow('GET', () => {
        let referrer = byUser(third)
        if (!referrer) referrers.push((referrer = { productUserId: third, ucc: codeFor(third), campaignId: 'default-campaign' }))
        return { status: 200, body: { activeUcc: referrer.ucc, link: `${linkBase}${referrer.ucc}` } }
      })
    }
    if (first === 'referral-codes' && second && segments.length === 2) {
      return allow('GET', () => {
        const referrer = byUcc(second)
        return referrer
          ? { status: 200, body: { code: second, productUserId: referrer.productUserId, valid: true, campaignId: referrer.campaignId ?? 'default-campaign' } }
          : { status: 200, body: { code: second, productUserId: '', valid: false, campaignId: '' } }
      })
    }
    if (first === 'new-users' && second && third === 'reward' && segments.length === 3) {
      return allow('GET', () => {
        const signup = events.find(
          (e) => e.context.event.trigger === 'new-signup' && (e.payload.newUserId === second || e.context.newUser?.id === second) && byUcc(e.payload.ucc),
        )
        if (!signup) return { status: 200, body: { eligible: false, reward: null } }
        return {
          status: 200,
          body: {
            eligible: true,
            reward: { type: 'standard', interval: 'month', intervalCount: 6, percentage: 50 },
            signupId: `signup_${events.indexOf(signup) + 1}`,
            signupAt: signup.context.event.timestamp,
            referralUcc: signup.payload.ucc,
            campaignId: byUcc(signup.payload.ucc)?.campaignId ?? 'default-campaign',
          },
        }
      })
    }
    if (first === 'referrers' && second && third === 'depersonalize' && fourth === undefined) {
      return allow('POST', () => {
        const referrer = byUser(second)
        if (!referrer) return message(404, 'Referrer not found')
        delete referrer.name
        return { status: 204 }
      })
    }
    return message(404, 'Not Found')
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET'
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const record: EmulatorRequest = { method, path, status: 0 }
    requests.push(record)
    const send = ({ status, body, headers }: Answer) => {
      record.status = status
      res.writeHead(status, { 'apigw-requestid': crypto.randomUUID(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers })
      res.end(body === undefined ? undefined : JSON.stringify(body))
    }

    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > BODY_LIMIT) return send(message(413, 'Request body too large'))
      chunks.push(chunk as Buffer)
    }

    for (const fault of faults.take(method, path)) {
      if (fault.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms))
      else if (fault.kind === 'drop') {
        record.status = 'dropped'
        return void req.socket.destroy()
      } else {
        return send({
          status: fault.status,
          body: { message: fault.message ?? (fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable') },
          headers: fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
        })
      }
    }

    let body: unknown = undefined
    const text = Buffer.concat(chunks).toString('utf8')
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch {
        return send(message(400, 'Malformed JSON body'))
      }
    }
    if (path === '/token') return send(method === 'POST' ? token(body) : message(405, `Method ${method} not allowed`))
    record.authorization = authorize(req)
    if (record.authorization !== 'valid') return send(message(401, 'Unauthorized'))
    return send(route(method, path, body))
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Internal Server Error' }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as { port: number }).port

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accessKeyId,
    secretAccessKey,
    get events() {
      return events
    },
    get tokenRequests() {
      return tokenRequests
    },
    get requests() {
      return requests
    },
    get referrers() {
      return referrers
    },
    addReferrer: (referrer) => void referrers.push({ ...referrer }),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    expireTokens: () => {
      accessTokens = new Map()
    },
    reset() {
      events = []
      requests = []
      tokenRequests = []
      accessTokens = new Map()
      refreshTokens = new Map()
      referrers = configured.map((r) => ({ ...r }))
      faults.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    // Never print the secret key when a test logs the emulator.
    toJSON: () => ({ url: `http://127.0.0.1:${port}`, accessKeyId }),
  } as CelloEmulator
}
