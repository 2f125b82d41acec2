// examples/tanstack-start: TanStack Start 1.131 (the last minor that runs on Node 20). `vite build`
// with no Cello variables, then the Nitro server it builds (.output/server/index.mjs) through the
// journeys.
import { join } from 'node:path'
import { baseEnv, installExample, journey, run, startServer, WORK } from './driver.mjs'
import { runDevJourney, runJourneys } from './journeys.mjs'

export const tanstackStart = {
  name: 'tanstack-start',
  ssr: true,
  // The signup is a server function: a POST to /_serverFn/<its id>.
  isSignupPost: (request) => new URL(request.url()).pathname.startsWith('/_serverFn/'),

  async test({ tarball, cello, browser, reuse }) {
    const dir = reuse ? join(WORK, 'tanstack-start') : installExample('tanstack-start', tarball)
    if (!reuse) {
      const built = await journey('tanstack-start: vite build with no Cello environment variables', () =>
        run(join(dir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
          cwd: dir,
          env: { ...baseEnv, NODE_ENV: 'production' },
        }),
      )
      if (!built) return
    }
    const app = await startServer({
      label: 'tanstack-start server',
      cwd: dir,
      command: process.execPath,
      args: () => ['.output/server/index.mjs'],
      env: { NODE_ENV: 'production', ...cello.env },
    })
    try {
      await runJourneys(tanstackStart, app, cello, browser)
    } finally {
      await app.stop()
    }
    if (process.env.EXAMPLES_DEV === '0') return
    const dev = await startServer({
      label: 'vite dev',
      cwd: dir,
      command: join(dir, 'node_modules/.bin/vite'),
      args: (port) => ['dev', '--port', String(port), '--host', '127.0.0.1', '--strictPort'],
      env: { NODE_ENV: 'development', ...cello.env },
      timeoutMs: 120_000,
    })
    try {
      await runDevJourney(tanstackStart, dev, browser)
    } finally {
      await dev.stop()
    }
  },
}
