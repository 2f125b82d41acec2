// The SPA's server: Express serves the built app (or Vite's dev server, in development), captures
// the referral on every page request, mounts react-cello's BFF under /api/cello, and takes the
// signup form, whose `new-signup` event is recorded in the PostgreSQL outbox in the same
// transaction as the user row and sent by a worker that drains the outbox on a schedule.
// https://docs.cello.so/attribution/for-web , https://docs.cello.so/attribution/tracking-signups
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import express from 'express'
import {
  captureReferral,
  createCelloClient,
  createCelloHandler,
  createCelloOutbox,
  isValidUcc,
  postgresOutbox,
  readReferral,
  toNodeHandler,
} from 'react-cello/server'
import { openDatabase } from './database.js'

const production = process.env.NODE_ENV === 'production'
const root = join(import.meta.dirname, '..')

const db = await openDatabase()
await db.query(`create table if not exists example_users (
  id text primary key, email text unique not null, name text not null, ucc text,
  form_id text not null, created_at timestamptz not null default now())`)

// The keys are checked at the first call. CELLO_BASE_URL points the example at the Cello emulator
// its test starts; leave it unset to talk to Cello.
const cello = createCelloClient({
  baseUrl: process.env.CELLO_BASE_URL || undefined,
  environment: process.env.CELLO_ENV === 'production' ? 'production' : 'sandbox',
  accessKeyId: process.env.CELLO_ACCESS_KEY_ID ?? '',
  secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY ?? '',
})
const store = postgresOutbox({ executor: db })
await store.createSchema() // or run celloOutboxSchemaSql() with your migrations
const outbox = createCelloOutbox({ client: cello, store })
// Sends what is due every second (a production app: every few seconds), retries with backoff,
// and holds events through a Cello outage. Every instance may run one: they never send an event twice.
const worker = outbox.start({ intervalMs: Number(process.env.OUTBOX_INTERVAL_MS ?? 1000) })

// Sessions in memory: your app has its own.
const SESSION_COOKIE = 'example-session'
const sessions = new Map()
const sessionUser = (cookieHeader) =>
  sessions.get(new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookieHeader ?? '')?.[1]) ?? null

const app = express()

// The BFF: active link, code validation, signup report, for the signed-in user only.
app.use(
  '/api/cello',
  toNodeHandler(
    createCelloHandler({
      client: cello,
      outbox,
      // The only source of the user id: the session, never the query or body.
      getUser: (request) => {
        const user = sessionUser(request.headers.get('cookie'))
        return user ? { productUserId: user.id, email: user.email, name: user.name, createdAt: user.createdAt } : null
      },
    }),
  ),
)

app.get('/api/me', (req, res) => {
  const user = sessionUser(req.headers.cookie)
  res.json(user ? { id: user.id, name: user.name } : null)
})

app.post('/api/signup', express.json(), async (req, res) => {
  const body = req.body ?? {}
  const email = String(body.email ?? '')
    .trim()
    .toLowerCase()
  const name = String(body.name ?? '').trim()
  const formId = String(body.formId ?? '')
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || !name || !formId) {
    return res.status(400).json({ error: 'Enter your name and a valid email.' })
  }
  // The code from <CelloUccInput/>, else the cello-referral cookie captured on the page request.
  const ucc = isValidUcc(body.ucc) ? body.ucc : (readReferral(req)?.ucc ?? null)

  const user = await db.transaction(async (tx) => {
    const inserted = await tx.query(
      `insert into example_users (id, email, name, ucc, form_id) values ($1, $2, $3, $4, $5)
       on conflict (email) do nothing returning id, email, name, ucc, form_id, created_at`,
      [randomUUID(), email, name, ucc, formId],
    )
    const row = inserted.rows[0]
    if (!row) {
      // The same form sent twice (a double click) gets the user its first sending created.
      const existing = (await tx.query(`select * from example_users where email = $1`, [email])).rows[0]
      return existing?.form_id === formId ? existing : null
    }
    // Recorded, not sent: in this transaction, so the user and its event commit together. The key
    // is `new-signup:<user id>`: recorded once, however often the form is sent.
    if (row.ucc) {
      await outbox.enqueue(
        'new-signup',
        { ucc: row.ucc, newUser: { id: row.id, email: row.email, name: row.name }, timestamp: row.created_at },
        { executor: tx },
      )
    }
    return row
  })
  if (!user) return res.status(409).json({ error: 'That email already has an account.' })

  const sid = randomUUID()
  sessions.set(sid, { id: user.id, email: user.email, name: user.name, createdAt: new Date(user.created_at) })
  res.cookie(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', path: '/' })
  res.json({ id: user.id, name: user.name })
})

app.use('/api', (_req, res) => res.status(404).json({ error: 'not found' }))

// Every page request: ?ucc=…&celloN=… into server-set cookies that last 3 months (Safari caps
// script-set ones at 7 days), before the HTML is sent.
function captureOnPages(req, res, next) {
  if (req.method === 'GET' && req.accepts('html')) {
    for (const cookie of captureReferral(req).setCookies) res.append('set-cookie', cookie)
  }
  next()
}

// Where Cello's script comes from (the example's test serves a fake one); unset: Cello's.
const scriptSrcTag = process.env.CELLO_SCRIPT_SRC
  ? `<meta name="cello-script-src" content="${process.env.CELLO_SCRIPT_SRC.replace(/[<>"&]/g, '')}" />`
  : ''
const withConfig = (html) => html.replace(/<!-- cello-script-src:.*?-->/, scriptSrcTag)

if (production) {
  app.use(express.static(join(root, 'dist'), { index: false }))
  const html = withConfig(await readFile(join(root, 'dist/index.html'), 'utf8'))
  app.use(captureOnPages, (req, res) => res.type('html').send(html))
} else {
  const { createServer } = await import('vite')
  const vite = await createServer({ root, server: { middlewareMode: true }, appType: 'custom' })
  app.use(vite.middlewares)
  app.use(captureOnPages, async (req, res, next) => {
    try {
      const html = await vite.transformIndexHtml(req.originalUrl, await readFile(join(root, 'index.html'), 'utf8'))
      res.type('html').send(withConfig(html))
    } catch (error) {
      next(error)
    }
  })
}

const port = Number(process.env.PORT ?? 3000)
const server = app.listen(port, process.env.HOST ?? 'localhost', () =>
  console.log(`Moonly on http://${process.env.HOST ?? 'localhost'}:${port}`),
)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    server.close()
    await worker.stop() // finishes the sends it started
    await db.close()
    process.exit(0)
  })
}
