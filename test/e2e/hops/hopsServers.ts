// Two real loopback HTTP servers for the redirect-hop journeys (hops.e2e.test.ts): an app on
// app.example.test and a fake OAuth provider on auth.provider.test (Chromium maps both names to
// 127.0.0.1). The app is written as an integrator would write it from docs/hops.md: server-rendered
// pages, an OAuth round trip whose state carries the code, a magic link that carries it, and the
// new-signup recorded in the outbox and sent to the Cello emulator.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  addReferralToUrl,
  captureReferral,
  createCelloClient,
  createCelloOutbox,
  readReferral,
  readReferralState,
  resolveSignupUcc,
  withReferralState,
  type CelloConsent,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

export const APP_HOST = 'app.example.test'
export const PROVIDER_HOST = 'auth.provider.test'

export type Route = (req: IncomingMessage, url: URL, res: ServerResponse) => Promise<void> | void

export const page = (res: ServerResponse, body: string, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers })
  res.end(`<!doctype html><html lang="en"><head><title>hops</title></head><body>${body}</body></html>`)
}
const redirect = (res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(302, { location, ...headers })
  res.end()
}
export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
export const formBody = async (req: IncomingMessage) => {
  let text = ''
  for await (const chunk of req) text += String(chunk)
  return new URLSearchParams(text)
}
const cookie = (req: IncomingMessage, name: string) =>
  new RegExp(`(?:^|;)\\s*${name}=([^;]*)`).exec(req.headers.cookie ?? '')?.[1] ?? null

export async function listen(routes: Record<string, Route>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
    const route = routes[`${req.method} ${url.pathname}`]
    if (!route) {
      res.writeHead(404).end()
      return
    }
    Promise.resolve(route(req, url, res)).catch((error: unknown) => {
      res.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

/** The fake OAuth provider: an authorize page, then a redirect back with `code` and `state` unchanged. */
async function startProvider() {
  const grants = new Map<string, string>() // code → email
  const { server, port } = await listen({
    'GET /authorize': (_req, url, res) => {
      const redirectUri = url.searchParams.get('redirect_uri') ?? ''
      const state = url.searchParams.get('state') ?? ''
      page(
        res,
        `<h1>Authorize the app?</h1><form method="post" action="/approve">
          <label>Email <input name="email" type="email" required></label>
          <input type="hidden" name="redirect_uri" value="${escape(redirectUri)}">
          <input type="hidden" name="state" value="${escape(state)}">
          <button>Authorize</button></form>`,
      )
    },
    'POST /approve': async (req, _url, res) => {
      const form = await formBody(req)
      const code = randomUUID()
      grants.set(code, form.get('email') ?? '')
      const back = new URL(form.get('redirect_uri') ?? '')
      back.searchParams.set('code', code)
      back.searchParams.set('state', form.get('state') ?? '') // as sent (RFC 6749 §4.1.2)
      redirect(res, back.href)
    },
    // The back channel: the app exchanges the code for the user's email.
    'POST /token': async (req, _url, res) => {
      const code = (await formBody(req)).get('code') ?? ''
      const email = grants.get(code)
      grants.delete(code)
      res.writeHead(email ? 200 : 400, { 'content-type': 'application/json' })
      res.end(JSON.stringify(email ? { email } : { error: 'invalid_grant' }))
    },
  })
  return { server, port }
}

/** Starts the emulator (knowing `referrers`), the provider and the app. */
export async function startHops(options: {
  consent: CelloConsent
  referrers: { productUserId: string; ucc: string }[]
}) {
  const emulator: CelloEmulator = await createCelloEmulator({ referrers: options.referrers })
  const client = createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
  })
  const outbox = createCelloOutbox({ client })
  const provider = await startProvider()
  const mailbox: { to: string; link: string }[] = []
  const tokens = new Map<string, string>() // magic-link token → email
  const settings: { consent: CelloConsent } = { consent: options.consent }
  let appOrigin = ''

  /** The new user and the new-signup, as the README's signup route does; the send goes on after the answer. */
  async function signUp(email: string, ucc: string | null) {
    const id = `user-${randomUUID()}`
    if (ucc) await outbox.enqueue('new-signup', { ucc, newUser: { id, email } })
    void outbox.drain()
    return id
  }

  const app = await listen({
    // The landing page, server-rendered: the code from the link (no cookie while consent is pending).
    'GET /': (req, _url, res) => {
      const { referral, setCookies } = captureReferral(req, { consent: settings.consent })
      const ucc = referral?.ucc ?? null
      page(
        res,
        `<h1>Welcome</h1>
        <a href="${escape(addReferralToUrl('/auth/start', ucc))}">Sign in with Provider</a>
        <form method="post" action="/magic/start">
          <label>Email <input name="email" type="email" required></label>
          <input type="hidden" name="ucc" value="${escape(ucc ?? '')}">
          <button>Email me a sign-in link</button></form>`,
        { 'set-cookie': setCookies },
      )
    },
    // OAuth start: the code (from ?ucc, else the cookie) packed after the CSRF nonce.
    'GET /auth/start': (req, _url, res) => {
      const ucc = captureReferral(req, { consent: settings.consent }).referral?.ucc
      const nonce = randomUUID()
      const authorize = new URL(`http://${PROVIDER_HOST}:${provider.port}/authorize`)
      authorize.searchParams.set('redirect_uri', `${appOrigin}/auth/callback`)
      authorize.searchParams.set('state', withReferralState(nonce, ucc))
      redirect(res, authorize.href, { 'set-cookie': `oauth_nonce=${nonce}; Path=/; HttpOnly; SameSite=Lax` })
    },
    'GET /auth/callback': async (req, url, res) => {
      const { state, ucc: hop } = readReferralState(url.searchParams.get('state'))
      if (!state || state !== cookie(req, 'oauth_nonce')) {
        res.writeHead(400).end('bad state')
        return
      }
      const token = await fetch(`http://127.0.0.1:${provider.port}/token`, {
        method: 'POST',
        body: new URLSearchParams({ code: url.searchParams.get('code') ?? '' }),
      })
      if (!token.ok) {
        res.writeHead(400).end('bad code')
        return
      }
      const { email } = (await token.json()) as { email: string }
      const { ucc } = resolveSignupUcc({ hop, cookie: readReferral(req)?.ucc })
      await signUp(email, ucc)
      page(res, `<h1>Signed up as ${escape(email)}</h1>`, {
        'set-cookie': 'oauth_nonce=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
      })
    },
    // Magic link: the code of the form (or the cookie) goes on the link in the email.
    'POST /magic/start': async (req, _url, res) => {
      const form = await formBody(req)
      const { ucc } = resolveSignupUcc({ field: form.get('ucc'), cookie: readReferral(req)?.ucc })
      const token = randomUUID()
      tokens.set(token, form.get('email') ?? '')
      mailbox.push({
        to: form.get('email') ?? '',
        link: addReferralToUrl(`${appOrigin}/magic/verify?token=${token}`, ucc),
      })
      page(res, '<h1>Check your email</h1>')
    },
    // Opened from the email, perhaps in another browser: the code comes from the link itself.
    'GET /magic/verify': async (req, url, res) => {
      const email = tokens.get(url.searchParams.get('token') ?? '')
      if (!email) {
        res.writeHead(400).end('bad token')
        return
      }
      tokens.delete(url.searchParams.get('token') ?? '')
      const { ucc } = resolveSignupUcc({ hop: url.searchParams.get('ucc'), cookie: readReferral(req)?.ucc })
      await signUp(email, ucc)
      page(res, `<h1>Signed up as ${escape(email)}</h1>`)
    },
  })
  appOrigin = `http://${APP_HOST}:${app.port}`

  return {
    emulator,
    outbox,
    /** The visitor's consent, as the app's consent banner would report it; change it between journeys. */
    settings,
    mailbox,
    appOrigin,
    /** Chromium's flag giving both names to 127.0.0.1 (the ports stay in the URLs). */
    hostResolverRules: `--host-resolver-rules=MAP ${APP_HOST} 127.0.0.1, MAP ${PROVIDER_HOST} 127.0.0.1`,
    async close() {
      for (const server of [app.server, provider.server]) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
      await emulator.close()
    },
  }
}
