// examples/react-router: React Router 7 framework mode. `react-router build` with no Cello
// variables, `react-router-serve` through the journeys.
import { join } from 'node:path'
import { baseEnv, installExample, journey, run, startServer, WORK } from './driver.mjs'
import { runDevJourney, runJourneys } from './journeys.mjs'

export const reactRouter = {
  name: 'react-router',
  ssr: true,
  // <Form method="post"> sends the action as a data request: POST /signup.data.
  isSignupPost: (request) => /^\/signup(\.data)?$/.test(new URL(request.url()).pathname),

  async test({ tarball, cello, browser, reuse }) {
    const dir = reuse ? join(WORK, 'react-router') : installExample('react-router', tarball)
    const bin = (name) => join(dir, 'node_modules/.bin', name)
    if (!reuse) {
      const built = await journey('react-router: react-router build with no Cello environment variables', () =>
        run(bin('react-router'), ['build'], { cwd: dir, env: { ...baseEnv, NODE_ENV: 'production' } }),
      )
      if (!built) return
    }
    const app = await startServer({
      label: 'react-router-serve',
      cwd: dir,
      command: bin('react-router-serve'),
      args: () => ['./build/server/index.js'],
      env: { NODE_ENV: 'production', ...cello.env },
    })
    try {
      await runJourneys(reactRouter, app, cello, browser)
    } finally {
      await app.stop()
    }
    if (process.env.EXAMPLES_DEV === '0') return
    const dev = await startServer({
      label: 'react-router dev',
      cwd: dir,
      command: bin('react-router'),
      args: (port) => ['dev', '--port', String(port), '--host', '127.0.0.1', '--strictPort'],
      env: { NODE_ENV: 'development', ...cello.env },
      timeoutMs: 120_000,
    })
    try {
      await runDevJourney(reactRouter, dev, browser)
    } finally {
      await dev.stop()
    }
  },
}
