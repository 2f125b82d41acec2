// One loopback server answering for www.example.test, app.example.test and brand.test (Chromium
// maps the three names to 127.0.0.1; cookies ignore the port) for the capture journeys
// (hopsCapture.e2e.test.ts): React landing pages (CelloProvider with cookieDomain 'auto',
// crossDomains or consent pending), a landing page with the capture script alone, and the app's
// server-rendered signup, which records the new-signup in the outbox for the Cello emulator.
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import {
  captureReferral,
  createCelloClient,
  createCelloOutbox,
  readReferral,
  resolveSignupUcc,
  type CelloConsent,
} from '../../../src/server'
import type { CelloProviderProps } from '../../../src/index'
import { createCelloEmulator } from '../../../src/testing'
import { escape, formBody, listen, page } from './hopsServers'

export const WWW_HOST = 'www.example.test'
export const APP_HOST = 'app.example.test'
export const BRAND_HOST = 'brand.test'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const production = { 'process.env.NODE_ENV': '"production"' }

/** The React landing page's chunks (esbuild, split) and the capture script (as scripts/build-capture.mjs builds it). */
async function bundles() {
  const app = await build({
    absWorkingDir: root,
    entryPoints: ['test/e2e/hops/captureApp.tsx'],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: '/assets',
    write: false,
    minify: true,
    define: production,
    logLevel: 'warning',
  })
  const capture = await build({
    absWorkingDir: root,
    entryPoints: ['src/capture/capture.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    define: production,
    logLevel: 'warning',
  })
  const assets = new Map(app.outputFiles.map((file) => [`/assets/${basename(file.path)}`, file.text]))
  assets.set('/capture.js', capture.outputFiles[0]?.text ?? '')
  return assets
}

export async function startCaptureHops(options: { referrers: { productUserId: string; ucc: string }[] }) {
  const emulator = await createCelloEmulator({ referrers: options.referrers })
  const client = createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
  })
  const outbox = createCelloOutbox({ client })
  const assets = await bundles()
  /** The app's consent, as its consent banner would report it. */
  const settings: { consent: CelloConsent } = { consent: 'granted' }
  let port = 0
  const origin = (host: string) => `http://${host}:${port}`

  const { server, port: listening } = await listen({
    // The React landing page: `props` and `link` from the query (JSON), the rest from the URL.
    'GET /landing': (_req, url, res) => {
      const config = {
        props: JSON.parse(url.searchParams.get('props') ?? '{}') as CelloProviderProps,
        link: url.searchParams.get('link') ?? '/',
      }
      page(
        res,
        `<div id="root"></div>
        <script type="application/json" id="config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
        <script type="module" src="/assets/captureApp.js"></script>`,
      )
    },
    // A page that is not React (a Webflow export): the capture script, served from this domain, and
    // Cello's attribution script, which the journey blocks.
    'GET /plain': (_req, url, res) => {
      page(
        res,
        `<h1>Plain landing</h1>
        <script src="/capture.js" data-cookie-domain="auto"></script>
        <script async src="https://assets.cello.so/attribution/latest/cello-attribution.js"></script>
        <a href="${escape(url.searchParams.get('link') ?? '/')}">Sign up</a>`,
      )
    },
    // The app's signup page, server-rendered: the code from the link or the cookie, in the form.
    'GET /signup': (req, _url, res) => {
      const { referral, setCookies } = captureReferral(req, { consent: settings.consent })
      page(
        res,
        `<h1>Sign up</h1>
        <form method="post" action="/signup">
          <label>Email <input name="email" type="email" required></label>
          <input type="hidden" name="ucc" value="${escape(referral?.ucc ?? '')}">
          <button>Create account</button></form>`,
        { 'set-cookie': setCookies },
      )
    },
    'POST /signup': async (req, _url, res) => {
      const form = await formBody(req)
      const { ucc } = resolveSignupUcc({ field: form.get('ucc'), cookie: readReferral(req)?.ucc })
      const email = form.get('email') ?? ''
      if (ucc) await outbox.enqueue('new-signup', { ucc, newUser: { id: `user-${randomUUID()}`, email } })
      void outbox.drain()
      page(res, `<h1>Signed up as ${escape(email)}</h1>`)
    },
    ...Object.fromEntries(
      [...assets].map(([path, text]) => [
        `GET ${path}`,
        (_req: unknown, _url: unknown, res: ServerResponse) => {
          res.writeHead(200, { 'content-type': 'text/javascript' })
          res.end(text)
        },
      ]),
    ),
  })
  port = listening

  return {
    emulator,
    outbox,
    settings,
    origin,
    /** Chromium's flag giving the three names to 127.0.0.1 (the port stays in the URLs). */
    hostResolverRules: `--host-resolver-rules=MAP ${WWW_HOST} 127.0.0.1, MAP ${APP_HOST} 127.0.0.1, MAP ${BRAND_HOST} 127.0.0.1`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await emulator.close()
    },
  }
}
