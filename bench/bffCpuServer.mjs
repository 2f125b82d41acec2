// The server side of bench/bffCpu.mjs, one child process per variant: react-cello's handler on
// toNodeHandler (`cello`), or the same routes written on Hono and @hono/node-server (`hono`). Both
// share one CelloClient whose fetch is an in-process stub of Cello's API (so nothing leaves the
// process but the answers on loopback), the same getUser (the session cookie) and the same signup
// rules (react-cello's reportSignup). `emulator`: react-cello against the emulator, started in this
// process, for the throughput figure with Cello's API over loopback HTTP.
// argv: <bundle.mjs> <cello|hono|emulator> [hono deps folder]. IPC: sends { port } once listening;
// answers 'cpu' with process.cpuUsage() and exits on 'exit' (so that --cpu-prof writes its profile).
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const [bundle, variant, honoDeps] = process.argv.slice(2)
const lib = await import(pathToFileURL(bundle).href)
const { createCelloClient, createCelloHandler, createCelloOutbox, toNodeHandler, reportSignup } = lib

const CODE = 'pNRB1aYqArN'
const reply = (body) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
/** Cello's API as the client calls it: a token, the active link, a code's check, an event. */
async function celloApi(input) {
  const { pathname } = new URL(typeof input === 'string' ? input : input.url)
  if (pathname === '/token')
    return reply({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600, refreshTokenExpiresIn: 86400 })
  if (pathname.startsWith('/referral-codes/active-link/'))
    return reply({ activeUcc: CODE, link: `https://moonboard.cello.so/${CODE}` })
  if (pathname.startsWith('/referral-codes/'))
    return reply({ code: CODE, valid: true, productUserId: 'alice', campaignId: 'camp_1' })
  if (pathname === '/events') return reply({ success: true })
  return new Response('{}', { status: 404 })
}

const emulator =
  variant === 'emulator' ? await lib.createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: CODE }] }) : null
const client = emulator
  ? createCelloClient({
      baseUrl: emulator.url,
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
    })
  : createCelloClient({ accessKeyId: 'key', secretAccessKey: 'secret', fetch: celloApi })

// bob signed up a moment ago; the session cookie names who is signed in.
const users = { bob: { productUserId: 'bob', email: 'bob@example.com', createdAt: Date.now() } }
const getUser = (request) => users[/session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''] ?? null
const onError = () => {}

let listener
if (variant === 'hono') listener = await honoServer()
else {
  const handler = toNodeHandler(createCelloHandler({ client, getUser, onError }))
  listener = createServer((req, res) => void handler(req, res))
}
listener.keepAliveTimeout = 60_000
listener.listen(0, '127.0.0.1', () => process.send({ port: listener.address().port }))

process.on('message', async (message) => {
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() })
  if (message === 'exit') {
    listener.closeAllConnections?.()
    await emulator?.close()
    process.exit(0)
  }
})

/**
 * The same two routes on Hono: the signed-in user from getUser (its id checked by hand: the app's
 * own object), the CSRF check, application/json only, at most 16 KB of body (hono/body-limit), the
 * same answers with `no-store` and `nosniff`, and react-cello's own signup rules.
 */
async function honoServer() {
  const from = createRequire(honoDeps ? `${honoDeps}/` : import.meta.url)
  const { Hono } = await import(pathToFileURL(from.resolve('hono')).href)
  const { bodyLimit } = await import(pathToFileURL(from.resolve('hono/body-limit')).href)
  const { createAdaptorServer } = await import(pathToFileURL(from.resolve('@hono/node-server')).href)
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }
  const problem = (c, status, code, message) => c.json({ error: { code, message } }, status, headers)
  const outbox = createCelloOutbox({ client })
  const rules = {
    client,
    attribution: 'user',
    newUserWindowMs: 24 * 60 * 60 * 1000,
    deliverWaitMs: 3000,
    outbox: () => outbox,
    onError,
  }
  const signedIn = async (c) => {
    const user = await getUser(c.req.raw)
    return user && typeof user.productUserId === 'string' && user.productUserId ? user : null
  }
  const app = new Hono().basePath('/api/cello')
  app.get('/active-link', async (c) => {
    const user = await signedIn(c)
    if (!user) return problem(c, 401, 'unauthorized', 'Sign in to use this.')
    const { activeUcc, link } = await client.getActiveLink(user.productUserId, { signal: c.req.raw.signal })
    return c.json({ activeUcc, link }, 200, headers)
  })
  app.post(
    '/signups',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) => problem(c, 413, 'payload_too_large', 'The request body must be at most 16384 bytes.'),
    }),
    async (c) => {
      if (c.req.header('sec-fetch-site') !== 'same-origin') return problem(c, 403, 'forbidden', 'Cross-origin.')
      if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
        return problem(c, 415, 'unsupported_media_type', 'Send the body as application/json.')
      const user = await signedIn(c)
      if (!user) return problem(c, 401, 'unauthorized', 'Sign in to use this.')
      let body
      try {
        body = await c.req.json()
      } catch {
        return problem(c, 400, 'bad_request', 'The request body is not valid JSON.')
      }
      const reply = await reportSignup(c.req.raw, user, body, rules)
      return reply instanceof Response ? reply : c.json(reply.answer, reply.status ?? 200, headers)
    },
  )
  app.notFound((c) => problem(c, 404, 'not_found', 'No such route.'))
  return createAdaptorServer({ fetch: app.fetch })
}
