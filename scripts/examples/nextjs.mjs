// examples/nextjs: `next build` with no Cello variables, `next start` through the journeys, then
// `next dev` (Turbopack) once more for hydration warnings in development (EXAMPLES_DEV=0 skips it).
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { baseEnv, installExample, journey, run, startServer, WORK } from './driver.mjs'
import { runDevJourney, runJourneys } from './journeys.mjs'

export const nextjs = {
  name: 'nextjs',
  ssr: true,
  // The server action posts to the page's own path.
  isSignupPost: (request) => new URL(request.url()).pathname === '/signup',
  checkReplay: (response) =>
    assert.match(
      response.headers()['x-action-redirect'] ?? '',
      /^\/account/,
      'the replayed signup did not reach its redirect',
    ),

  /** Installs and builds (unless `reuse`), then runs the journeys. */
  async test({ tarball, cello, browser, reuse }) {
    const dir = reuse ? join(WORK, 'nextjs') : installExample('nextjs', tarball)
    const next = join(dir, 'node_modules/next/dist/bin/next')
    if (!reuse) {
      const built = await journey('nextjs: next build with no Cello environment variables', () =>
        run(process.execPath, [next, 'build'], { cwd: dir, env: { ...baseEnv, NODE_ENV: 'production' } }),
      )
      if (!built) return
    }
    const start = (mode) =>
      startServer({
        label: `next ${mode}`,
        cwd: dir,
        command: process.execPath,
        args: (port) => [next, mode, '--port', String(port), '--hostname', '127.0.0.1'],
        env: { NODE_ENV: mode === 'dev' ? 'development' : 'production', ...cello.env },
      })
    const app = await start('start')
    try {
      await runJourneys(nextjs, app, cello, browser)
    } finally {
      await app.stop()
    }
    if (process.env.EXAMPLES_DEV === '0') return
    const dev = await start('dev')
    try {
      await runDevJourney(nextjs, dev, browser)
    } finally {
      await dev.stop()
    }
  },
}
