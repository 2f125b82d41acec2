import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import {
  createCelloClient,
  createCelloHandler,
  createCelloOutbox,
  postgresOutbox,
  toNodeHandler,
  type CelloClient,
  type OutboxEvent,
} from '../../src/server'
import {
  createCelloEmulator,
  fakeAttributionScriptHandler,
  fakeReferralScriptHandler,
  type CelloEmulator,
} from '../../src/testing'
import { clearDemoTables, openDemoDatabase, type DemoStorage } from './demoDatabase'
import { demoGuard } from './demoGuard'
import { demoRoutes, json } from './demoRoutes'
import { projectPath } from './projectPath'

/**
 * Options of the demo backend. With keys it talks to Cello's sandbox (never production: the demo
 * makes up its users and purchases); without, to the emulator.
 */
export interface DemoOptions {
  /** Sandbox keys only (examples/demo/server.mjs refuses CELLO_ENV=production). */
  accessKeyId?: string
  secretAccessKey?: string
  log?: (line: string) => void
  /**
   * A folder for the demo's data: the PGlite database (unless `databaseUrl` is set) and what the
   * emulator received. Unset: all in memory, fresh every time (the e2e tests).
   */
  dataDir?: string
  /** A PostgreSQL URL: users, sessions and the outbox go there (through a `pg` Pool) instead of PGlite. */
  databaseUrl?: string
  /** Prefix of the demo's tables, so they never collide with other tables in that database. @defaultValue 'demo_' */
  tablePrefix?: string
  /** With the real Cello: the product id and secret that sign the Referral Component's tokens (else the component is off). */
  widget?: { productId: string; productSecret: string }
  /**
   * Runs one step of the start-up (opening the database, starting the emulator): `npm start`
   * prints `starting` as it begins and `started` when it ends. @defaultValue runs it, silently
   */
  step?: <T>(starting: string, started: string, work: () => Promise<T>) => Promise<T>
}

type Route = (request: Request, body: Record<string, unknown>) => Promise<Response>

/**
 * The product the demo's Referral Component boots for without keys: the BFF signs its tokens and
 * the fake cello.js (served at /cello.js) verifies them. A local constant, not a real key.
 */
export const DEMO_WIDGET = { productId: 'moonly-demo', productSecret: 'moonly-demo-product-secret-not-a-real-key' }

/**
 * The demo's backend: users, sessions and the Cello outbox in one database, the react-cello BFF
 * under /api/cello, the demo's own routes under /demo, the fake attribution script, and the
 * embedded Cello emulator (which can be switched off, as when Cello is down).
 */
export async function createDemo(options: DemoOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line))
  const real = Boolean(options.accessKeyId && options.secretAccessKey)
  const p = options.tablePrefix ?? 'demo_'
  const storage: DemoStorage = options.databaseUrl
    ? { kind: 'postgres', url: options.databaseUrl }
    : options.dataDir
      ? { kind: 'folder', path: join(options.dataDir, 'pglite') }
      : { kind: 'memory' }
  const step = options.step ?? ((_starting, _started, work) => work())
  const where =
    storage.kind === 'folder'
      ? `PGlite in ${projectPath(storage.path)}`
      : storage.kind === 'memory'
        ? 'PGlite in memory'
        : 'PostgreSQL at DATABASE_URL'
  // PGlite compiles PostgreSQL's WebAssembly first: the longest step of `npm start`.
  const db = await step(`opening the database: ${where}`, 'database open', () => openDemoDatabase(storage, p))
  const emulatorFile = options.dataDir ? join(options.dataDir, 'cello-emulator.json') : null
  const emulator: CelloEmulator | null = real
    ? null
    : await step('starting the Cello emulator', 'Cello emulator started', () =>
        createCelloEmulator({
          referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' }],
          // What "Cello" received survives a restart of the demo, as the outbox does.
          ...(emulatorFile ? { persistPath: emulatorFile } : {}),
        }),
      )
  const client: CelloClient = createCelloClient(
    real
      ? {
          accessKeyId: options.accessKeyId!,
          secretAccessKey: options.secretAccessKey!,
          environment: 'sandbox',
        }
      : { accessKeyId: emulator!.accessKeyId, secretAccessKey: emulator!.secretAccessKey, baseUrl: emulator!.url },
  )

  // The outbox lives in the same database as the users, so that an event commits with its row.
  const store = postgresOutbox({ executor: db, table: `${p}cello_outbox` })
  await store.createSchema()
  const logged = new Map<string, string>()
  const outbox = createCelloOutbox({
    client,
    store,
    // A demo should show a retry within seconds; an app keeps the defaults (1 s doubling up to
    // 5 minutes, and a minute before checking an attempt that may have reached Cello).
    backoff: { baseMs: 250, maxMs: 2000 },
    checkAfterMs: 2000,
    onSettled: (event) => {
      const line = `${event.state}${event.reason ? ` (${event.reason})` : ''}`
      if (logged.get(event.key) !== line) log(`[cello] ${event.key}: ${line}`)
      logged.set(event.key, line)
    },
  })

  const { routes, sessionUser } = demoRoutes({ db, outbox, p, log })
  const bff = toNodeHandler(
    createCelloHandler({
      client,
      outbox,
      basePath: '/api/cello',
      // GET /api/cello/debug/trace for the devtools panel: the signed-in user's decisions and
      // deliveries. Development only: the handler refuses it when NODE_ENV is production.
      debug: true,
      // GET /api/cello/widget-token: the signed-in user's token for Cello's Referral Component.
      ...(real ? (options.widget ? { widget: options.widget } : {}) : { widget: DEMO_WIDGET }),
      onError: (error) => log(`[bff] ${(error as Error).message}`),
      getUser: async (request) => {
        const user = await sessionUser(request)
        return user
          ? {
              productUserId: user.id,
              email: user.email,
              name: user.name,
              organizationId: user.organizationId ?? undefined,
              createdAt: user.createdAt,
            }
          : null
      },
    }),
  )

  // Delivery: a drain right after each response that may have enqueued something, and a sweeper
  // for retries (and for what a previous run left behind).
  let closed = false
  const drains = new Set<Promise<unknown>>()
  const drainSoon = () => {
    if (closed) return
    const drain: Promise<unknown> = outbox
      .drain()
      .catch((error: unknown) => log(`[cello] drain failed: ${(error as Error).message}`))
      .finally(() => drains.delete(drain))
    drains.add(drain)
  }
  let sweeper = outbox.start({ intervalMs: 1000 })
  let celloDown = false
  // Answers to lose on purpose, against those lost so far (an event applied, its answer dropped).
  let answersToLose = 0
  const answersLost = () =>
    emulator?.requests.filter((r) => r.path === '/events' && r.status === 'dropped' && r.applied).length ?? 0

  const panel: Record<string, Route> = {
    'GET /demo/events': async () => {
      const events = await outbox.list({ order: 'newest', limit: 30 })
      return json({
        mode: real ? 'cello' : 'emulator',
        storage: db.description,
        celloDown: emulator ? celloDown : null,
        losingNextAnswer: answersToLose > answersLost(),
        outbox: events.map(outboxRow),
        received: emulator ? emulator.events.slice(-30).reverse().map(receivedRow) : null,
      })
    },
    /** The "Cello is down" switch: stops or starts the emulator (clients then get connection refused). */
    'POST /demo/cello': async (_request, body) => {
      if (!emulator)
        return json(
          { error: { message: 'The demo talks to the real Cello: it cannot be switched off from here.' } },
          404,
        )
      if (typeof body.down !== 'boolean') return json({ error: { message: 'Send { "down": true | false }.' } }, 400)
      celloDown = body.down
      await (celloDown ? emulator.stop() : emulator.start())
      log(`[emulator] Cello is ${celloDown ? 'down' : 'up again'}`)
      return json({ celloDown })
    },
    /** Cello records the next event but its answer is lost: the outbox cannot know it arrived. */
    'POST /demo/cello/lose-next-answer': async () => {
      if (!emulator) return json({ error: { message: 'Only the emulator can lose answers on purpose.' } }, 404)
      emulator.injectFault({ kind: 'drop', method: 'POST', path: '/events', after: 'apply' })
      answersToLose = answersLost() + 1
      return json({ armed: true })
    },
    /** The operator's decision on a held event, after checking Cello's Event Feed. */
    'POST /demo/outbox/resolve': async (_request, body) => {
      const { key, to } = body
      if (typeof key !== 'string' || (to !== 'queued' && to !== 'delivered'))
        return json({ error: { message: 'Send { key, to: "queued" | "delivered" }.' } }, 400)
      const event = await outbox.get(key)
      if (event?.state !== 'held') return json({ error: { message: `${key} is not held.` } }, 409)
      const reason =
        to === 'queued' ? 'sent again from the events panel' : 'marked delivered from the events panel (Cello has it)'
      await outbox.resolve(key, to, reason)
      return json({ key, state: to })
    },
  }

  const script = fakeAttributionScriptHandler()
  // Tokens expire after 24 h and the fake warns 5 minutes before, as Cello does with that setting.
  const referralScript = fakeReferralScriptHandler({ ...DEMO_WIDGET, tokenLifetimeSeconds: 24 * 60 * 60 })

  /** Node middleware: answers the demo's routes, calls `next()` for everything else (the app). */
  async function handle(req: IncomingMessage, res: ServerResponse, next: () => void) {
    // A foreign Host (DNS rebinding), a cross-origin or non-JSON POST: refused before any route.
    const refusal = demoGuard(req)
    if (refusal) return send(res, json({ error: { message: refusal.message } }, refusal.status))
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/cello-attribution.js' && !real) return script(req, res)
    if (url.pathname === '/cello.js' && !real) return referralScript(req, res)
    if (url.pathname.startsWith('/api/cello/')) return bff(req, res)
    const route = routes[`${req.method} ${url.pathname}`] ?? panel[`${req.method} ${url.pathname}`]
    if (!route) return next()
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: Record<string, unknown> = {}
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {}
    } catch {
      return send(res, json({ error: { message: 'Malformed JSON.' } }, 400))
    }
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value)
    let response: Response
    try {
      response = await route(new Request(`http://localhost${req.url}`, { headers }), body)
    } catch (error) {
      log(`[demo] ${req.method} ${url.pathname} failed: ${(error as Error).message}`)
      response = json({ error: { message: 'Something went wrong on the demo server.' } }, 500)
    }
    await send(res, response)
    // The response is out: now send what it enqueued (the sweeper retries what fails).
    if (req.method === 'POST') drainSoon()
  }

  return {
    handle,
    emulator,
    outbox,
    mode: real ? ('cello' as const) : ('emulator' as const),
    /** Where users, sessions and the outbox live, in words (a folder relative to the project). */
    storage: db.description,
    /** Where the emulator keeps what it received, relative to the project; `null` in memory or with the real Cello. */
    emulatorFile: emulator && emulatorFile ? projectPath(emulatorFile) : null,
    /** Empties the tables (users, sessions, invoices, outbox) and the emulator, and brings Cello back up (for tests). */
    async reset() {
      await sweeper.stop()
      await Promise.all(drains)
      await clearDemoTables(db, p, store.table)
      logged.clear()
      answersToLose = 0
      emulator?.reset()
      if (celloDown) await emulator?.start()
      celloDown = false
      sweeper = outbox.start({ intervalMs: 1000 })
    },
    async close() {
      closed = true
      await sweeper.stop()
      await Promise.all(drains)
      await emulator?.close()
      await db.close()
    },
  }
}

/** One outbox event as the events panel shows it. */
function outboxRow(event: OutboxEvent) {
  const envelope = event.envelope
  const payload =
    envelope.eventName === 'ReferralUpdated'
      ? envelope.payload
      : { ucc: null, newUserId: envelope.payload.productUserId, price: undefined, currency: undefined }
  return {
    key: event.key,
    trigger: event.trigger,
    state: event.state,
    attempts: event.attempts,
    reason: event.reason,
    uncertain: event.uncertain,
    ucc: payload.ucc,
    newUserId: payload.newUserId,
    price: payload.price,
    currency: payload.currency,
  }
}

/** One event the emulator accepted, as the events panel shows it. */
function receivedRow(event: CelloEmulator['events'][number]) {
  return {
    sequence: event.sequence,
    trigger: event.context.event.trigger,
    ucc: event.payload.ucc,
    newUserId: event.payload.newUserId,
    price: event.payload.price,
    currency: event.payload.currency,
    receivedAt: event.receivedAt,
  }
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
}
