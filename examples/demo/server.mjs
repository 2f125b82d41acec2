// The demo: `npm start`. One local port serves the demo app (Vite + React), its backend (the
// react-cello BFF, users, sessions and the Cello outbox in one database) and, with no keys set,
// the embedded Cello emulator.
// With CELLO_ACCESS_KEY_ID and CELLO_SECRET_ACCESS_KEY for Cello's sandbox the same demo talks to
// the real Cello instead; production keys are refused (CELLO_ENV must be unset or sandbox).
// Data: `npm start` keeps it in examples/demo/.data/ (DEMO_DATA_DIR to move it), or in PostgreSQL when
// DATABASE_URL is set; startDemo() without `dataDir` keeps everything in memory (the e2e tests).
// It prints a line as each step of the start begins and ends, with the seconds since the start:
// the first start takes 10-20 s on two cores.
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export async function startDemo({ port = 5173, log = console.log, dataDir, databaseUrl, tablePrefix } = {}) {
  const root = fileURLToPath(new URL('.', import.meta.url))
  refuseProduction(process.env.CELLO_ENV)
  const step = steps(log)
  const environment = 'sandbox'
  const real = Boolean(process.env.CELLO_ACCESS_KEY_ID && process.env.CELLO_SECRET_ACCESS_KEY)
  // Tell the page where the attribution script and cello.js come from: the fakes beside the
  // emulator, or Cello's CDN. The Referral Component needs the product id (and, on the server, its
  // secret) with the real Cello: CELLO_PRODUCT_ID and CELLO_PRODUCT_SECRET.
  const widget =
    process.env.CELLO_PRODUCT_ID && process.env.CELLO_PRODUCT_SECRET
      ? { productId: process.env.CELLO_PRODUCT_ID, productSecret: process.env.CELLO_PRODUCT_SECRET }
      : undefined
  const pageConfig = real
    ? { environment, referral: widget ? { productId: widget.productId } : undefined }
    : {
        scriptSrc: '/cello-attribution.js',
        referral: { productId: 'moonly-demo' /* DEMO_WIDGET in demoServer.ts */, scriptSrc: '/cello.js' },
      }

  // Listen first: a busy port fails here, before the data folder is opened (PGlite's files must
  // have one process at a time). Requests that arrive meanwhile wait for the app.
  let app
  const ready = new Promise((resolveApp) => (app = resolveApp))
  const server = createServer((req, res) => {
    ready
      .then(({ demo, vite }) => demo.handle(req, res, () => vite.middlewares(req, res)))
      .catch((error) => {
        log(`[demo] ${req.method} ${req.url} failed: ${error?.message ?? error}`)
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('The demo server failed on this request: see its console.')
      })
  })
  await new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolveListen()
    })
  })

  let vite
  let demo
  try {
    vite = await step('starting Vite (it serves the app in examples/demo/src)', 'Vite started', async () => {
      const { createServer: createViteServer } = await import('vite')
      return createViteServer({
        configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
        root,
        // Hot reload on the demo's own port (`server.ws`, Vite 8's place for it): a second port (Vite's
        // 24678) clashes with any other Vite.
        server: { middlewareMode: true, ...(process.env.CI ? { hmr: false } : { ws: { server } }) },
        appType: 'spa',
        plugins: [
          {
            name: 'demo-config',
            transformIndexHtml: (html) =>
              html.replace('<head>', `<head><script>window.__DEMO__=${JSON.stringify(pageConfig)}</script>`),
          },
        ],
      })
    })
    const { createDemo } = await step(
      "loading the demo's backend (examples/demo/demoServer.ts)",
      'backend loaded',
      () => vite.ssrLoadModule('/demoServer.ts'),
    )
    demo = await createDemo({
      accessKeyId: process.env.CELLO_ACCESS_KEY_ID,
      secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY,
      widget,
      log,
      dataDir,
      databaseUrl,
      tablePrefix,
      step,
    })
  } catch (error) {
    await new Promise((done) => server.close(done))
    await vite?.close()
    throw error
  }
  app({ demo, vite })

  const url = `http://127.0.0.1:${server.address().port}`
  step.done()
  log(`\n  Moonly, the react-cello demo: ${url}`)
  log(
    `  Cello: ${demo.mode === 'emulator' ? `the local emulator at ${demo.emulator.url} (no keys needed)` : `the real ${environment} API`}`,
  )
  log(`  Data: ${demo.storage}${demo.emulatorFile ? `; what the emulator received: ${demo.emulatorFile}` : ''}`)
  log(`  Open a referral link from Alice: ${url}/?ucc=pNRB1aYqArN&celloN=QWxpY2U`)
  log(`  Then accept cookies, sign up and buy; the events panel shows what reaches Cello. Ctrl-C stops.\n`)
  return {
    url,
    demo,
    async close() {
      server.closeAllConnections()
      await new Promise((done) => server.close(done))
      await demo.close()
      await vite.close()
    },
  }
}

/**
 * The start's progress, with the seconds since it began: `step(starting, started, work)` prints
 * `[demo 0.3s] starting…` when `work` starts and `[demo 1.4s] started (1.1s)` when it ends;
 * `step.done()` prints `[demo 9.3s] ready`.
 */
function steps(log) {
  const began = performance.now()
  const since = (from) => `${((performance.now() - from) / 1000).toFixed(1)}s`
  const step = async (starting, started, work) => {
    const from = performance.now()
    log(`[demo ${since(began)}] ${starting}…`)
    const result = await work()
    log(`[demo ${since(began)}] ${started} (${since(from)})`)
    return result
  }
  step.done = () => log(`[demo ${since(began)}] ready`)
  return step
}

/**
 * The demo signs up made-up users and buys made-up plans: with production keys those would be real
 * referrals and commissions in Cello. Cello's keys are per environment
 * (https://docs.cello.so/api-reference/introduction), so sandbox keys (or none: the emulator) only.
 */
function refuseProduction(celloEnv) {
  if (!celloEnv || celloEnv === 'sandbox') return
  throw Object.assign(
    new Error(
      `The demo refuses CELLO_ENV=${celloEnv}: use Cello sandbox keys (CELLO_ENV=sandbox or unset) or no keys at all (the local emulator).`,
    ),
    { code: 'DEMO_NOT_SANDBOX' },
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 5173)
  let running
  try {
    running = await startDemo({
      port,
      dataDir: resolve(process.env.DEMO_DATA_DIR ?? fileURLToPath(new URL('./.data', import.meta.url))),
      databaseUrl: process.env.DATABASE_URL || undefined,
    })
  } catch (error) {
    if (error?.code === 'DEMO_NOT_SANDBOX') {
      console.error(error.message)
      process.exit(1)
    }
    if (error?.code !== 'EADDRINUSE') throw error
    console.error(
      `Port ${port} is already in use (is the demo running already?): stop that process, or start on another port with PORT=${port + 1} npm start.`,
    )
    process.exit(1)
  }
  const stop = async () => {
    await running.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
