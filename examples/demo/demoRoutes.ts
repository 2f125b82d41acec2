// The demo app's own routes: accounts, sessions, purchases and refunds. Each business change and
// its Cello event are written in ONE transaction (the transactional outbox): the event exists if
// and only if the user, invoice or refund does, whatever crashes or outages follow. Sending is the
// outbox's job, after the response (see demoServer.ts).
// https://docs.cello.so/attribution/tracking-signups , https://docs.cello.so/attribution/tracking-purchase
import { randomUUID } from 'node:crypto'
import { readReferral, stripeCustomerMetadata, type CelloOutbox, type NewUser } from '../../src/server'
import { isValidUcc } from '../../src/shared/referralCode'
import { rows, type DemoDatabase } from './demoDatabase'

/** A user row. */
export interface DemoUser {
  id: string
  email: string
  name: string
  organizationId: string | null
  ucc: string | null
  createdAt: Date
}

type Route = (request: Request, body: Record<string, unknown>) => Promise<Response>

const USER = `id, email, name, organization_id AS "organizationId", ucc, created_at AS "createdAt"`
const PRICE = 49
const CURRENCY = 'EUR'

/** The routes, over the database `db` (tables prefixed `p`) and the outbox. */
export function demoRoutes({
  db,
  outbox,
  p,
  log,
}: {
  db: DemoDatabase
  outbox: CelloOutbox
  p: string
  log: (line: string) => void
}) {
  /** The signed-in user, from the `demo-session` cookie. */
  async function sessionUser(request: { headers: { get(name: string): string | null } }): Promise<DemoUser | null> {
    const sid = /(?:^|;\s*)demo-session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
    if (!sid) return null
    const [user] = await rows<DemoUser>(
      db,
      `SELECT ${USER} FROM ${p}users WHERE id = (SELECT user_id FROM ${p}sessions WHERE id = $1)`,
      [sid],
    )
    return user ?? null
  }

  /** The session the page sees: the user, and where their signup event stands (when referred). */
  async function session(user: DemoUser | null) {
    if (!user) return { user: null, referral: null }
    const key = user.ucc ? `new-signup:${attributedTo(user)}` : null
    const event = key ? await outbox.get(key) : null
    return {
      user: { id: user.id, email: user.email, name: user.name, organizationId: user.organizationId ?? undefined },
      referral: key
        ? { key, state: event?.state ?? 'queued', attempts: event?.attempts ?? 0, reason: event?.reason ?? null }
        : null,
    }
  }

  const routes: Record<string, Route> = {
    'GET /demo/session': async (request) => json(await session(await sessionUser(request))),

    'POST /demo/signup': async (request, body) => {
      const email = String(body.email ?? '').trim()
      const name = String(body.name ?? '').trim()
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || !name)
        return json({ error: { message: 'Enter a name and a valid email.' } }, 400)
      // The code from the form, else the cello-referral cookie (set by the page or by Cello's script).
      const ucc = isValidUcc(body.ucc) ? body.ucc : (readReferral(request)?.ucc ?? null)
      const organization = String(body.organization ?? '').trim()
      const organizationId = organization ? `org-${organization.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : null
      const sid = randomUUID()

      // THE PATTERN TO COPY: the user row and its `new-signup` event in one transaction. Pass the
      // transaction's connection to enqueue as `executor`: if anything below fails, neither the
      // user nor the event exists; once it commits, the outbox will deliver the event even if
      // Cello is down or this process dies a millisecond later. Nothing is sent to Cello here.
      const user = await db.transaction(async (tx) => {
        const [created] = await rows<DemoUser>(
          tx,
          `INSERT INTO ${p}users (id, email, name, organization_id, ucc)
           VALUES ('user-' || nextval('${p}user_seq'), $1, $2, $3, $4) RETURNING ${USER}`,
          [email, name, organizationId, ucc],
        )
        if (created!.ucc) {
          await outbox.enqueue('new-signup', { ...subject(created!), timestamp: created!.createdAt }, { executor: tx })
        }
        await tx.query(`INSERT INTO ${p}sessions (id, user_id) VALUES ($1, $2)`, [sid, created!.id])
        return created!
      })

      const metadata = stripeCustomerMetadata({
        ucc,
        newUserId: user.id,
        organizationId: user.organizationId ?? undefined,
      })
      log(`[stripe] customers.create({ email: '${email}', metadata: ${JSON.stringify(metadata)} })`)
      return json(await session(user), 201, { 'set-cookie': `demo-session=${sid}; Path=/; HttpOnly; SameSite=Lax` })
    },

    // Demo sign-in: by email alone, to an account that exists (no passwords in a demo).
    'POST /demo/login': async (_request, body) => {
      const email = String(body.email ?? '').trim()
      const [user] = await rows<DemoUser>(
        db,
        `SELECT ${USER} FROM ${p}users WHERE lower(email) = lower($1) ORDER BY created_at LIMIT 1`,
        [email],
      )
      if (!user) return json({ error: { message: `No account for ${email || 'that email'}: sign up first.` } }, 404)
      const sid = randomUUID()
      await db.query(`INSERT INTO ${p}sessions (id, user_id) VALUES ($1, $2)`, [sid, user.id])
      return json(await session(user), 200, { 'set-cookie': `demo-session=${sid}; Path=/; HttpOnly; SameSite=Lax` })
    },

    'POST /demo/logout': async (request) => {
      const sid = /(?:^|;\s*)demo-session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
      if (sid) await db.query(`DELETE FROM ${p}sessions WHERE id = $1`, [sid])
      return json(await session(null), 200, { 'set-cookie': 'demo-session=; Path=/; Max-Age=0' })
    },

    'POST /demo/purchases': async (request) => {
      const user = await sessionUser(request)
      if (!user) return json({ error: { message: 'Sign in first.' } }, 401)
      // The invoice and its `invoice-paid` event commit together, as the signup does.
      const invoiceId = await db.transaction(async (tx) => {
        const [invoice] = await rows<{ id: string }>(
          tx,
          `INSERT INTO ${p}invoices (id, user_id, price, currency) VALUES ('inv-' || nextval('${p}invoice_seq'), $1, $2, $3) RETURNING id`,
          [user.id, PRICE, CURRENCY],
        )
        if (user.ucc) await outbox.enqueue('invoice-paid', money(user, invoice!.id), { executor: tx })
        return invoice!.id
      })
      return json({ invoiceId, reported: user.ucc ? 'queued' : false })
    },

    'POST /demo/refunds': async (request) => {
      const user = await sessionUser(request)
      if (!user) return json({ error: { message: 'Sign in first.' } }, 401)
      const refunded = await db
        .transaction(async (tx) => {
          const [last] = await rows<{ id: string; refunded: boolean }>(
            tx,
            `SELECT id, refunded_at IS NOT NULL AS refunded FROM ${p}invoices WHERE user_id = $1
           ORDER BY paid_at DESC, id DESC LIMIT 1 FOR UPDATE`,
            [user.id],
          )
          if (!last) return { error: 'Nothing to refund yet.' }
          if (last.refunded) return { error: `${last.id} is already refunded.` }
          await tx.query(`UPDATE ${p}invoices SET refunded_at = now() WHERE id = $1`, [last.id])
          if (!user.ucc) return { invoiceId: last.id, reported: false as const }
          // The outbox's key (charge-refunded:<invoiceId>) refuses a second refund event for this
          // invoice too, even if a bug got past the check above.
          const { enqueued } = await outbox.enqueue('charge-refunded', money(user, last.id), { executor: tx })
          if (!enqueued) throw new AlreadyRefunded(last.id) // rolls the UPDATE back
          return { invoiceId: last.id, reported: 'queued' as const }
        })
        .catch((error: unknown) => {
          if (error instanceof AlreadyRefunded) return { error: error.message }
          throw error
        })
      return 'error' in refunded ? json({ error: { message: refunded.error } }, 409) : json(refunded)
    },
  }

  return { routes, sessionUser }
}

class AlreadyRefunded extends Error {
  constructor(invoiceId: string) {
    super(`${invoiceId} is already refunded.`)
  }
}

/** Organization-level attribution when the user gave a company (https://docs.cello.so/attribution/tracking-signups). */
const attributedTo = (user: DemoUser) => user.organizationId ?? user.id

function subject(user: DemoUser): { ucc: string; newUserId: string; newUser: NewUser & { email: string } } {
  return {
    ucc: user.ucc!,
    newUserId: attributedTo(user),
    newUser: {
      id: user.id,
      email: user.email,
      name: user.name,
      ...(user.organizationId ? { organizationId: user.organizationId } : {}),
    },
  }
}

/** The input of `invoice-paid` and of `charge-refunded` (the whole invoice is refunded). */
const money = (user: DemoUser, invoiceId: string) => ({
  ...subject(user),
  price: PRICE,
  currency: CURRENCY,
  subscription: { id: `sub-${user.id}`, invoiceId, interval: 'monthly' as const, productKey: 'Pro' },
})

/** A JSON answer that no cache keeps. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
}
