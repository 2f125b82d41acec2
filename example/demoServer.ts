import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import {
  createCelloClient,
  createCelloHandler,
  readReferral,
  stripeCustomerMetadata,
  toNodeHandler,
  type CelloClient,
} from '../src/server'
import { createCelloEmulator, fakeAttributionScriptHandler, type CelloEmulator } from '../src/testing'
import { isValidUcc } from '../src/referralCode'

interface User {
  id: string
  email: string
  name: string
  organizationId?: string
  ucc: string | null
}

type Job = { label: string; run: () => Promise<unknown> }

/** Options of the demo backend. With keys it talks to the real Cello; without, to the emulator. */
export interface DemoOptions {
  accessKeyId?: string
  secretAccessKey?: string
  environment?: 'production' | 'sandbox'
  log?: (line: string) => void
}

/**
 * The demo's backend: a user store and sessions, the react-cello BFF under /api/cello, the
 * demo's own routes under /demo, the fake attribution script, and the embedded Cello emulator.
 */
export async function createDemo(options: DemoOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line))
  const real = Boolean(options.accessKeyId && options.secretAccessKey)
  const emulator: CelloEmulator | null = real
    ? null
    : await createCelloEmulator({
        referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' }],
      })
  const client: CelloClient = createCelloClient(
    real
      ? { accessKeyId: options.accessKeyId!, secretAccessKey: options.secretAccessKey!, environment: options.environment ?? 'sandbox' }
      : { accessKeyId: emulator!.accessKeyId, secretAccessKey: emulator!.secretAccessKey, baseUrl: emulator!.url },
  )

  const users = new Map<string, User>()
  const sessions = new Map<string, string>()
  const invoices: { userId: string; invoiceId: string }[] = []
  const outbox: Job[] = []

  const sessionUser = (request: { headers: { get(name: string): string | null } }) => {
    const sid = /(?:^|;\s*)demo-session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
    return sid ? users.get(sessions.get(sid) ?? '') ?? null : null
  }

  const bff = toNodeHandler(
    createCelloHandler({
      client,
      basePath: '/api/cello',
      getUser: (request) => {
        const user = sessionUser(request)
        return user ? { productUserId: user.id, email: user.email, name: user.name, organizationId: user.organizationId } : null
      },
    }),
  )

  // Events that failed (Cello down) wait here and are retried, so nothing is lost silently.
  async function deliver(job: Job): Promise<'reported' | 'queued'> {
    try {
      await job.run()
      log(`[cello] ${job.label}: reported`)
      return 'reported'
    } catch (error) {
      log(`[cello] ${job.label}: failed (${(error as { code?: string }).code ?? 'error'}), queued for a retry`)
      outbox.push(job)
      return 'queued'
    }
  }
  const retryTimer = setInterval(async () => {
    for (const job of outbox.splice(0)) await deliver(job)
  }, 2000)

  const newUser = (user: User) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    ...(user.organizationId ? { organizationId: user.organizationId } : {}),
  })
  const attributedTo = (user: User) => user.organizationId ?? user.id

  const routes: Record<string, (request: Request, body: Record<string, unknown>) => Promise<Response>> = {
    'GET /demo/session': async (request) => json({ user: publicUser(sessionUser(request)) }),
    'POST /demo/signup': async (request, body) => {
      const email = String(body.email ?? '').trim()
      const name = String(body.name ?? '').trim()
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || !name) return json({ error: { message: 'Enter a name and a valid email.' } }, 400)
      // The code from the form, else the cello-referral cookie (set by the page or by Cello's script).
      const ucc = isValidUcc(body.ucc) ? body.ucc : readReferral(request)?.ucc ?? null
      const organization = String(body.organization ?? '').trim()
      const user: User = {
        id: `user-${users.size + 1}`,
        email,
        name,
        ucc,
        ...(organization ? { organizationId: `org-${organization.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` } : {}),
      }
      users.set(user.id, user)
      const sid = randomUUID()
      sessions.set(sid, user.id)
      const metadata = stripeCustomerMetadata({ ucc, newUserId: user.id, organizationId: user.organizationId })
      log(`[stripe] customers.create({ email: '${email}', metadata: ${JSON.stringify(metadata)} })`)
      const referral = ucc
        ? await deliver({
            label: `new-signup ${user.id} (ucc ${ucc})`,
            run: () => client.trackSignup({ ucc, newUserId: attributedTo(user), newUser: newUser(user) }),
          })
        : 'none'
      return json({ user: publicUser(user), referral }, 201, { 'set-cookie': `demo-session=${sid}; Path=/; HttpOnly; SameSite=Lax` })
    },
    'POST /demo/logout': async () => json({ user: null }, 200, { 'set-cookie': 'demo-session=; Path=/; Max-Age=0' }),
    'POST /demo/purchases': async (request) => {
      const user = sessionUser(request)
      if (!user) return json({ error: { message: 'Sign in first.' } }, 401)
      const invoiceId = `inv-${invoices.length + 1}`
      invoices.push({ userId: user.id, invoiceId })
      if (!user.ucc) return json({ reported: false })
      const result = await deliver({
        label: `invoice-paid ${invoiceId}`,
        run: () =>
          client.trackInvoicePaid({
            ucc: user.ucc!,
            newUserId: attributedTo(user),
            newUser: newUser(user),
            price: 49,
            currency: 'EUR',
            subscription: { id: `sub-${user.id}`, invoiceId, interval: 'monthly', productKey: 'Pro' },
          }),
      })
      return json({ reported: result === 'reported' })
    },
    'POST /demo/refunds': async (request) => {
      const user = sessionUser(request)
      if (!user) return json({ error: { message: 'Sign in first.' } }, 401)
      const invoice = invoices.filter((i) => i.userId === user.id).pop()
      if (!invoice) return json({ error: { message: 'Nothing to refund yet.' } }, 409)
      if (!user.ucc) return json({ reported: false })
      const result = await deliver({
        label: `charge-refunded ${invoice.invoiceId}`,
        run: () =>
          client.trackChargeRefunded({
            ucc: user.ucc!,
            newUserId: attributedTo(user),
            newUser: newUser(user),
            price: 49,
            currency: 'EUR',
            subscription: { id: `sub-${user.id}`, invoiceId: invoice.invoiceId, interval: 'monthly', productKey: 'Pro' },
          }),
      })
      return json({ reported: result === 'reported' })
    },
    'GET /demo/events': async () =>
      json({
        mode: real ? 'cello' : 'emulator',
        pending: outbox.length,
        events: (emulator?.events ?? []).map((e) => ({
          trigger: e.context.event.trigger,
          ucc: e.payload.ucc,
          newUserId: e.payload.newUserId,
          userId: e.context.newUser?.id,
          price: e.payload.price,
          currency: e.payload.currency,
          receivedAt: e.receivedAt,
        })),
      }),
  }

  const script = fakeAttributionScriptHandler()

  /** Node middleware: answers the demo's routes, calls `next()` for everything else (the app). */
  async function handle(req: IncomingMessage, res: ServerResponse, next: () => void) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/cello-attribution.js' && !real) return script(req, res)
    if (url.pathname.startsWith('/api/cello/')) return bff(req, res)
    const route = routes[`${req.method} ${url.pathname}`]
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
    return send(res, await route(new Request(`http://localhost${req.url}`, { headers }), body))
  }

  return {
    handle,
    emulator,
    mode: real ? ('cello' as const) : ('emulator' as const),
    /** Forgets users, sessions, invoices, queued events and what the emulator received (for tests). */
    reset() {
      users.clear()
      sessions.clear()
      invoices.length = 0
      outbox.length = 0
      emulator?.reset()
    },
    async close() {
      clearInterval(retryTimer)
      await emulator?.close()
    },
  }
}

function publicUser(user: User | null) {
  return user ? { id: user.id, email: user.email, name: user.name, organizationId: user.organizationId } : null
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } })
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
}
