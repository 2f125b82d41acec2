// examples/vite-express: a Vite SPA and its Express API. `vite build` with no Cello variables,
// then `node server/server.js` through the journeys (no server HTML to check: the page is rendered
// in the browser), with the outbox on PostgreSQL when DATABASE_URL is set (in a schema of its own,
// dropped afterwards), else on PGlite.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { baseEnv, installExample, journey, log, run, startServer, WORK } from './driver.mjs'
import { runDevJourney, runJourneys } from './journeys.mjs'

export const viteExpress = {
  name: 'vite-express',
  ssr: false,
  isSignupPost: (request) => new URL(request.url()).pathname === '/api/signup',

  async test({ tarball, cello, browser, reuse }) {
    const dir = reuse ? join(WORK, 'vite-express') : installExample('vite-express', tarball)
    if (!reuse) {
      const built = await journey('vite-express: vite build with no Cello environment variables', () =>
        run(join(dir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
          cwd: dir,
          env: { ...baseEnv, NODE_ENV: 'production' },
        }),
      )
      if (!built) return
    }
    const database = await openSchema()
    try {
      const app = await startServer({
        label: 'vite-express server',
        cwd: dir,
        command: process.execPath,
        args: () => ['server/server.js'],
        env: { NODE_ENV: 'production', ...cello.env, ...(database && { DATABASE_URL: database.url }) },
      })
      try {
        await runJourneys(viteExpress, app, cello, browser)
      } finally {
        await app.stop()
      }
      if (process.env.EXAMPLES_DEV !== '0') {
        const dev = await startServer({
          label: 'server.js in development (Vite in middleware mode)',
          cwd: dir,
          command: process.execPath,
          args: () => ['server/server.js'],
          env: { NODE_ENV: 'development', ...cello.env, ...(database && { DATABASE_URL: database.url }) },
          timeoutMs: 120_000,
        })
        try {
          await runDevJourney(viteExpress, dev, browser)
        } finally {
          await dev.stop()
        }
      }
    } finally {
      await database?.drop()
    }
  },
}

/** A fresh schema on DATABASE_URL, the server's search_path; `null` without DATABASE_URL (PGlite). */
async function openSchema() {
  const url = process.env.DATABASE_URL
  if (!url) {
    log('vite-express: DATABASE_URL is unset: the example runs on PGlite')
    return null
  }
  const { default: pg } = await import('pg')
  const schema = `react_cello_example_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  log(`vite-express: on PostgreSQL, schema ${schema}`)
  const withSchema = new URL(url)
  withSchema.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: withSchema.href,
    async drop() {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}
