// The demo: `npm start`. One local port serves the demo app (Vite + React), its backend (the
// react-cello BFF, sessions, users) and, with no keys set, the embedded Cello emulator.
// With CELLO_ACCESS_KEY_ID and CELLO_SECRET_ACCESS_KEY (and CELLO_ENV=sandbox|production) the same
// demo talks to the real Cello instead.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createServer as createViteServer } from 'vite'

export async function startDemo({ port = Number(process.env.PORT ?? 5173), log = console.log } = {}) {
  const root = fileURLToPath(new URL('.', import.meta.url))
  const environment = process.env.CELLO_ENV === 'production' ? 'production' : 'sandbox'
  const real = Boolean(process.env.CELLO_ACCESS_KEY_ID && process.env.CELLO_SECRET_ACCESS_KEY)
  // Tell the page where the attribution script comes from: the fake one beside the emulator, or Cello's CDN.
  const pageConfig = real ? { environment } : { scriptSrc: '/cello-attribution.js' }
  const vite = await createViteServer({
    configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
    root,
    server: { middlewareMode: true, hmr: process.env.CI ? false : undefined },
    appType: 'spa',
    plugins: [
      {
        name: 'demo-config',
        transformIndexHtml: (html) =>
          html.replace('<head>', `<head><script>window.__DEMO__=${JSON.stringify(pageConfig)}</script>`),
      },
    ],
  })
  const { createDemo } = await vite.ssrLoadModule('/demoServer.ts')
  const demo = await createDemo({
    accessKeyId: process.env.CELLO_ACCESS_KEY_ID,
    secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY,
    environment,
    log,
  })
  // The demo's routes first, then the app.
  const server = createServer((req, res) => demo.handle(req, res, () => vite.middlewares(req, res)))
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}`
  log(`\n  Moonly, the react-cello demo: ${url}`)
  log(`  Cello: ${demo.mode === 'emulator' ? `the local emulator at ${demo.emulator.url} (no keys needed)` : `the real ${environment} API`}`)
  log(`  Open a referral link from Alice: ${url}/?ucc=pNRB1aYqArN&celloN=QWxpY2U\n`)
  return {
    url,
    demo,
    async close() {
      await new Promise((resolve) => server.close(resolve))
      await demo.close()
      await vite.close()
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await startDemo()
  const stop = async () => {
    await running.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
