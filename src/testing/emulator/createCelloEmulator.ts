import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReceivedEvent, ReceivedMilestone } from './emulatorEvents'
import { createFaultList, type EmulatorFault, type TerminalFault } from './emulatorFaults'
import { createListener } from './emulatorListener'
import { openStateFile } from './emulatorPersistence'
import {
  createEmulatorRoutes,
  message,
  type EmulatorAnswer,
  type EmulatorRouteRequest,
  type EmulatorState,
} from './emulatorRoutes'
import { createTokenIssuer, type Authorization } from './emulatorTokens'
import type { EmulatorReferrer } from './EmulatorReferrer'
import {
  createRewardSender,
  type EmulatorRewardInput,
  type RewardDelivery,
  type RewardDeliverySwitches,
  type RewardWebhookOptions,
  type SentReward,
} from './emulatorRewards'

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
  /**
   * A JSON file that keeps the accepted events and the referrers added at run time, so that a
   * process restarted with the same path finds them (and `sequence` carries on). Read on creation
   * when it exists; rewritten (a temporary file renamed over it) after every event accepted,
   * referrer added or changed, and `reset()`. The configured `referrers` come from the options.
   * @defaultValue undefined (nothing is written)
   */
  persistPath?: string
  /**
   * Where {@link CelloEmulator.sendReward} delivers Cello's credit-reward webhook, with which
   * Basic credentials and `X-Cello-Env`, and how it retries. Can be set later with
   * {@link CelloEmulator.configureRewardWebhook}.
   */
  rewardWebhook?: RewardWebhookOptions
}

/** One request the emulator saw. */
export interface EmulatorRequest {
  method: string
  path: string
  /** The status answered, or `'dropped'` when the connection closed unanswered (a `drop` fault, `stop()`, or the client left). */
  status: number | 'dropped'
  /**
   * `true` when the emulator carried the request out (its route answered 2xx: an event recorded,
   * a token issued, a code looked up), even if an `after: 'apply'` fault then lost or replaced
   * the answer; `false` when it was refused or faulted before anything happened.
   */
  applied: boolean
  authorization?: Authorization
}

/** A running emulator: its address, keys, what it received, and its fault controls. */
export interface CelloEmulator {
  /** `http://127.0.0.1:<port>`: pass it to `createCelloClient({ baseUrl })`. */
  readonly url: string
  readonly port: number
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Every accepted `POST /events`, in order (after those loaded from `persistPath`). */
  readonly events: readonly ReceivedEvent[]
  /**
   * Every accepted `MilestoneReached` (Cello's behaviour-based triggers), in order; kept apart from
   * `events`, which are `ReferralUpdated`. Not kept in `persistPath`.
   */
  readonly milestones: readonly ReceivedMilestone[]
  /** Every `POST /token`. */
  readonly tokenRequests: readonly { kind: 'keys' | 'refresh'; ok: boolean; at: string }[]
  /** Every request, faulted ones included. */
  readonly requests: readonly EmulatorRequest[]
  /** The configured referrers, then those added at run time. */
  readonly referrers: readonly EmulatorReferrer[]
  /** Adds a referrer at run time (kept in `persistPath`). */
  addReferrer(referrer: EmulatorReferrer): void
  injectFault(fault: EmulatorFault): void
  clearFaults(): void
  /** Invalidates every access token issued so far: the next bearer call gets 401. */
  expireTokens(): void
  /** Forgets events, requests, token requests, faults and tokens, in `persistPath` too; keeps the configured referrers. */
  reset(): void
  /**
   * Takes the emulator down, as when Cello is down: closes the listener and every connection
   * (clients get connection refused) and cuts requests in flight without applying them. What it
   * received, its referrers, tokens and faults stay. Does nothing when already stopped.
   */
  stop(): Promise<void>
  /** Listens again on the same port after {@link CelloEmulator.stop}, with the same state. Does nothing when running. */
  start(): Promise<void>
  /** `stop()` then `start()`: Cello restarted, with the same address, state and tokens. */
  restart(): Promise<void>
  /** Stops the emulator for good: `start()` then rejects. */
  close(): Promise<void>
  /** Sets (or replaces) where and how reward webhooks are delivered. */
  configureRewardWebhook(options: RewardWebhookOptions): void
  /**
   * Delivers one credit reward to the configured endpoint as Cello does: Basic auth,
   * `X-Cello-Env`, the documented body, an `eventId` that stays the same on every retry, retries
   * with a doubling delay after a non-2xx or a lost connection, then `failed` (Cello's failure
   * queue). `switches` add duplicates (one after another, or `concurrent`) or turn retries off.
   */
  sendReward(reward: EmulatorRewardInput, switches?: RewardDeliverySwitches): Promise<SentReward>
  /** Every reward webhook attempt, in order (emptied by `reset()`). */
  readonly rewardDeliveries: readonly RewardDelivery[]
}

export type { EmulatorFault, ReceivedEvent, ReceivedMilestone }
export type { EmulatorRewardInput, RewardDelivery, RewardDeliverySwitches, RewardWebhookOptions, SentReward }

const BODY_LIMIT = 1024 * 1024

/** Waits `ms`, or less when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })

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
  const { STATUS_CODES } = await import('node:http')
  const now = options.now ?? Date.now
  const accessKeyId = options.accessKeyId ?? 'emulator-access-key-id'
  const secretAccessKey = options.secretAccessKey ?? 'emulator-secret-access-key'
  const tokenTtl = options.tokenTtlSeconds ?? 18_000
  const refreshTtl = options.refreshTtlSeconds ?? 432_000
  const linkBase = options.linkBase ?? 'https://moonly.cello.so/'
  const configured = options.referrers ?? []

  const stateFile = options.persistPath === undefined ? undefined : await openStateFile(options.persistPath)
  // The configured referrers win over stored ones with the same id.
  const added = (stateFile?.loaded?.referrers ?? []).filter(
    (r) => !configured.some((c) => c.productUserId === r.productUserId),
  )

  // Arrays are replaced on reset(); the routes and the getters below read them through `state`.
  // state.referrers holds the configured referrers first, then those added at run time.
  const state: EmulatorState = {
    referrers: [...configured.map((r) => ({ ...r })), ...added],
    events: stateFile?.loaded?.events ?? [],
    milestones: [],
  }
  const persist = () => stateFile?.save({ events: state.events, referrers: state.referrers.slice(configured.length) })
  let requests: EmulatorRequest[] = []
  const tokens = createTokenIssuer({ accessKeyId, secretAccessKey, tokenTtl, refreshTtl, now })
  const route = createEmulatorRoutes(state, { now, linkBase, onChange: persist })
  const faults = createFaultList(options.faults)
  const rewards = createRewardSender(options.rewardWebhook, now)

  async function handle(req: IncomingMessage, res: ServerResponse, down: AbortSignal) {
    const method = req.method ?? 'GET'
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const record: EmulatorRequest = { method, path, status: 0, applied: false }
    requests.push(record)
    const send = ({ status, body, headers }: EmulatorAnswer) => {
      record.status = status
      res.writeHead(status, {
        'apigw-requestid': crypto.randomUUID(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      })
      res.end(body === undefined ? undefined : JSON.stringify(body))
    }

    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of req) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
        size += buffer.length
        if (size > BODY_LIMIT)
          return send({ ...message(413, 'Request body too large'), headers: { connection: 'close' } })
        chunks.push(buffer)
      }
    } catch {
      // The connection closed before the whole body arrived (the client went away, or stop()).
    }
    if (!req.complete) return void (record.status = 'dropped')

    const strike = (fault: TerminalFault) => {
      if (fault.kind === 'status') {
        return send({
          status: fault.status,
          body: { message: fault.message ?? STATUS_CODES[fault.status] ?? 'Error' },
          headers: fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
        })
      }
      record.status = 'dropped'
      req.socket.destroy()
    }

    const { latencies, terminal, giveBack } = faults.take(method, path)
    for (const { ms } of latencies) await pause(ms, down)
    if (down.aborted) return void (record.status = 'dropped') // stop() cut it: Cello went down before applying it
    if (terminal && terminal.after !== 'apply') return strike(terminal)

    const answer = apply(record, Buffer.concat(chunks).toString('utf8'), req.headers.authorization)
    record.applied = answer.status >= 200 && answer.status < 300
    if (!terminal) return send(answer)
    if (record.applied) return strike(terminal)
    giveBack() // refused: nothing was applied, so there is no answer to lose
    return send(answer)
  }

  /** Carries a request out: `/token`, or a bearer route. */
  function apply(record: EmulatorRequest, text: string, authorization: string | undefined): EmulatorAnswer {
    const { method, path } = record
    let body: EmulatorRouteRequest['body'] = { ok: true, value: undefined }
    if (text !== '') {
      try {
        const value: unknown = JSON.parse(text)
        body = { ok: true, value }
      } catch {
        body = { ok: false }
      }
    }
    if (path === '/token') {
      if (method !== 'POST') return message(405, `Method ${method} not allowed`)
      return body.ok ? tokens.exchange(body.value) : message(400, 'Malformed JSON body')
    }
    const authorized = () => (record.authorization = tokens.authorize(authorization)) === 'valid'
    return route(method, path, { authorized, body })
  }

  const listener = await createListener(handle, options.port ?? 0)
  const { port } = listener

  const emulator: CelloEmulator & { toJSON(): object } = {
    url: `http://127.0.0.1:${port}`,
    port,
    accessKeyId,
    secretAccessKey,
    get events() {
      return state.events
    },
    get milestones() {
      return state.milestones
    },
    get tokenRequests() {
      return tokens.requests
    },
    get requests() {
      return requests
    },
    get referrers() {
      return state.referrers
    },
    addReferrer(referrer) {
      state.referrers.push({ ...referrer })
      persist()
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAccessTokens(),
    reset() {
      state.events = []
      state.milestones = []
      state.referrers = configured.map((r) => ({ ...r }))
      requests = []
      tokens.reset()
      faults.clear()
      rewards.reset()
      persist()
    },
    stop: listener.stop,
    start: listener.start,
    restart: async () => {
      await listener.stop()
      await listener.start()
    },
    close: listener.close,
    configureRewardWebhook: (webhook) => rewards.configure(webhook),
    sendReward: (reward, switches) => rewards.send(reward, switches),
    get rewardDeliveries() {
      return rewards.deliveries
    },
    // Never print the secret key when a test logs the emulator.
    toJSON: () => ({ url: `http://127.0.0.1:${port}`, accessKeyId }),
  }
  return emulator
}
