// `react-cello doctor --json` as CI runs it, against an app of the test's own: Cello emulators for
// production and sandbox (each with its own keys), a node:http server with the BFF, a landing page
// with server capture and one without, and the real PostgreSQL and Redis when DATABASE_URL and
// REDIS_URL are set (the node project's setup says in one line when they are not). Once healthy
// (exit 0), then once per problem, each named by its finding.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  captureReferral,
  createCelloClient,
  createCelloHandler,
  postgresOutbox,
  toNodeHandler,
  type PostgresOutbox,
  type TrackInvoicePaidInput,
} from '../../../src/server'
import { buildEvent } from '../../../src/server/client/buildEvent'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { buildCli, runCli } from '../cliProcess'

const databaseUrl = process.env.DATABASE_URL
const redisUrl = process.env.REDIS_URL

// Made-up secrets that look like nothing else in the output: no 4 characters of them may be printed.
const PRODUCTION = { accessKeyId: 'prodKeyIdQ7wX2', secretAccessKey: 'Zq8vK2pLm4Xw9RtYb3Nc' }
const SANDBOX = { accessKeyId: 'sbxKeyIdH5jM1', secretAccessKey: 'Gf6Dh1Jk8Ls3Vb7Np0Qe' }
const PRODUCT_SECRET = 'Wm4Ty9Ur2Io6Pa5Sd8Fg'

interface Report {
  ok: boolean
  summary: { error: number; warn: number; info: number }
  findings: { id: string; severity: 'error' | 'warn' | 'info'; message: string; fix?: string }[]
}

let cli: Awaited<ReturnType<typeof buildCli>>
let production: CelloEmulator
let sandbox: CelloEmulator
let app: Server
let appUrl: string

beforeAll(async () => {
  cli = await buildCli()
  production = await createCelloEmulator(PRODUCTION)
  sandbox = await createCelloEmulator(SANDBOX)
  const client = createCelloClient({ ...PRODUCTION, baseUrl: production.url })
  const widget = { productId: 'doctor-test', productSecret: PRODUCT_SECRET }
  const getUser = async () => null // a visitor without a session
  const bff = toNodeHandler(createCelloHandler({ client, getUser, widget, onError: () => {} }))
  // Mounted at /elsewhere, but still expecting /api/cello: a basePath that does not match.
  const misplaced = toNodeHandler(createCelloHandler({ client, getUser, onError: () => {} }))
  const noWidget = toNodeHandler(createCelloHandler({ client, getUser, basePath: '/api/nowidget', onError: () => {} }))
  app = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://app').pathname
    if (path.startsWith('/api/cello/')) return void bff(req, res)
    if (path.startsWith('/api/nowidget/')) return void noWidget(req, res)
    if (path.startsWith('/elsewhere/')) return void misplaced(req, res)
    if (path === '/' || path === '/plain') {
      const headers: Record<string, string | string[]> = { 'content-type': 'text/html' }
      if (path === '/') headers['set-cookie'] = captureReferral(req).setCookies
      res.writeHead(200, headers)
      return void res.end('<!doctype html><title>Landing</title>')
    }
    res.writeHead(404, { 'content-type': 'text/html' })
    res.end('<h1>Not found</h1>')
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  cli?.remove()
  await new Promise((resolve) => app?.close(resolve))
  await production?.close()
  await sandbox?.close()
})

/** The keys, environment and URLs of a healthy app; `change` adds or replaces options and variables. */
function healthy(change: { args?: Record<string, string | null>; env?: Record<string, string | null> } = {}) {
  const options: Record<string, string | null> = {
    '--api-url': production.url,
    '--other-api-url': sandbox.url,
    '--url': `${appUrl}/api/cello`,
    '--landing': `${appUrl}/`,
    '--referral': '',
    ...(redisUrl ? { '--redis-url': redisUrl } : {}),
    ...change.args,
  }
  const env: Record<string, string | null> = {
    CELLO_ENV: 'production',
    CELLO_ACCESS_KEY_ID: PRODUCTION.accessKeyId,
    CELLO_SECRET_ACCESS_KEY: PRODUCTION.secretAccessKey,
    CELLO_PRODUCT_SECRET: PRODUCT_SECRET,
    ...change.env,
  }
  const args = ['doctor', '--json']
  for (const [name, value] of Object.entries(options)) if (value !== null) args.push(name, ...(value ? [value] : []))
  return {
    args,
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== null)),
  }
}

async function doctor(change?: Parameters<typeof healthy>[0]) {
  const { args, env } = healthy(change)
  const result = await runCli(cli.file, args, env)
  const printed = result.stdout + result.stderr
  for (const secret of [
    PRODUCTION.secretAccessKey,
    SANDBOX.secretAccessKey,
    PRODUCT_SECRET,
    'Yh3Rk8Tn5Mb2Lc9V',
    'Xk9Qz7Wv',
  ])
    for (let i = 0; i + 4 <= secret.length; i += 1) expect(printed).not.toContain(secret.slice(i, i + 4))
  expect(result.stderr).toBe('')
  const report: Report = JSON.parse(result.stdout)
  const finding = (id: string) => report.findings.find((f) => f.id === id)
  const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.id)
  return { ...result, report, finding, errors }
}

describe('react-cello doctor --json', () => {
  it('finds nothing wrong with a healthy app (exit 0)', async () => {
    const run = await doctor()
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.report.ok).toBe(true)
    const ids = run.report.findings.map((f) => f.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'keys.accepted',
        'bff.mounted',
        'widget.secret_present',
        'widget.route',
        'landing.captured',
      ]),
    )
    if (redisUrl) expect(ids).toContain('token_store.reachable')
    expect(run.report.findings.every((f) => f.severity === 'info' || f.id === 'outbox.not_checked')).toBe(true)
  })

  it("finds the other environment's keys (keys.wrong_environment)", async () => {
    const run = await doctor({
      env: { CELLO_ACCESS_KEY_ID: SANDBOX.accessKeyId, CELLO_SECRET_ACCESS_KEY: SANDBOX.secretAccessKey },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toContain('keys.wrong_environment')
    expect(run.finding('keys.wrong_environment')?.message).toContain('sandbox keys')
    expect(run.finding('keys.wrong_environment')?.fix).toContain('CELLO_ENV=sandbox')
  })

  it('finds keys no environment accepts (keys.refused), and missing keys (keys.missing)', async () => {
    const refused = await doctor({ env: { CELLO_SECRET_ACCESS_KEY: 'Yh3Rk8Tn5Mb2Lc9V' } })
    expect(refused.code).toBe(1)
    expect(refused.errors).toContain('keys.refused')
    const missing = await doctor({ env: { CELLO_SECRET_ACCESS_KEY: null } })
    expect(missing.errors).toContain('keys.missing')
    expect(missing.finding('keys.missing')?.message).toContain('CELLO_SECRET_ACCESS_KEY is not set')
  })

  it('finds a BFF that is not mounted (bff.not_found) or mounted under another basePath (bff.base_path)', async () => {
    const notFound = await doctor({ args: { '--url': `${appUrl}/api/cellos` } })
    expect(notFound.code).toBe(1)
    expect(notFound.errors).toContain('bff.not_found')
    expect(notFound.finding('bff.not_found')?.message).toBe('The BFF answers 404 at /api/cellos.')
    const misplaced = await doctor({ args: { '--url': `${appUrl}/elsewhere` } })
    expect(misplaced.errors).toContain('bff.base_path')
    expect(misplaced.finding('bff.base_path')?.fix).toContain("basePath: '/elsewhere'")
  })

  it('finds the Referral Component without its secret, or its route (widget.*)', async () => {
    const run = await doctor({ args: { '--url': `${appUrl}/api/nowidget` }, env: { CELLO_PRODUCT_SECRET: null } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual(expect.arrayContaining(['widget.secret_missing', 'widget.not_configured']))
  })

  it('warns when the landing page does not capture on the server, and finds a cookie the BFF cannot read', async () => {
    const plain = await doctor({ args: { '--landing': `${appUrl}/plain` } })
    expect(plain.code).toBe(0)
    expect(plain.finding('landing.no_server_capture')?.severity).toBe('warn')
    // Host-only for localhost; the BFF is on 127.0.0.1.
    const otherHost = await doctor({ args: { '--landing': `${appUrl.replace('127.0.0.1', 'localhost')}/` } })
    expect(otherHost.code).toBe(1)
    expect(otherHost.finding('landing.cookie_domain')?.message).toBe(
      'The cookie is for localhost, your BFF (the signup) is on 127.0.0.1: it cannot read it.',
    )
  })

  it('finds an unreachable token store and database, without printing their passwords', async () => {
    const run = await doctor({
      args: {
        '--redis-url': 'redis://:Xk9Qz7Wv@127.0.0.1:1',
        '--database-url': 'postgres://app:Xk9Qz7Wv@127.0.0.1:1/app',
      },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual(expect.arrayContaining(['token_store.unreachable', 'database.unreachable']))
    expect(run.finding('database.unreachable')?.message).toContain('postgres://127.0.0.1:1/app')
  })

  it('is a usage error (exit 2) for an unknown environment or option', async () => {
    const { args, env } = healthy({ args: { '--environment': 'staging' } })
    expect((await runCli(cli.file, args, env)).code).toBe(2)
    expect((await runCli(cli.file, ['doctor', '--nope'])).code).toBe(2)
    // The table's name goes into SQL: anything but an identifier is refused before a connection.
    const table = await runCli(cli.file, [
      'doctor',
      '--database-url',
      'postgres://127.0.0.1:1/x',
      '--table',
      'x; drop table y',
    ])
    expect(table.code).toBe(2)
    expect(table.stderr).toContain('--table "x; drop table y" must be a lower-case SQL identifier')
  })

  it('prints a table without --json', async () => {
    const { args, env } = healthy({ args: { '--url': `${appUrl}/api/cellos` } })
    const result = await runCli(
      cli.file,
      args.filter((a) => a !== '--json'),
      env,
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^ERROR\s+bff\.not_found\s+The BFF answers 404 at \/api\/cellos\.$/m)
    expect(result.stdout).toMatch(/^\s+fix: Mount createCelloHandler/m)
    expect(result.stdout).toMatch(/1 error, 0 warnings, \d+ checks passed/)
  })
})

describe.skipIf(!databaseUrl)('react-cello doctor --json with the outbox on PostgreSQL', () => {
  const table = `cello_outbox_doctor_${process.pid}_${Date.now().toString(36)}`
  let pool: pg.Pool
  let store: PostgresOutbox
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'react-cello-doctor-test' })
    store = postgresOutbox({ executor: pool, table })
    await store.createSchema()
  })
  afterAll(async () => {
    await pool?.query(`DROP TABLE IF EXISTS ${table}`)
    await pool?.end()
  })
  const withTable = (name = table) => ({ args: { '--database-url': databaseUrl ?? '', '--table': name } })

  it('counts the events of a healthy outbox, and checks the clock (exit 0)', async () => {
    await store.enqueue([
      {
        key: 'new-signup:doctor-ok',
        trigger: 'new-signup',
        envelope: buildEvent('new-signup', {
          ucc: 'pNRB1aYqArN',
          newUser: { id: 'doctor-ok', email: 'ok@example.com' },
        }),
      },
    ])
    const run = await doctor(withTable())
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.finding('outbox.counts')?.message).toMatch(
      new RegExp(`^${table}: 1 queued; the oldest waiting event is \\d+ s old\\.$`),
    )
    expect(run.finding('clock.ok')?.severity).toBe('info')
  })

  it('finds a missing table (outbox.table_missing)', async () => {
    const run = await doctor(withTable(`${table}_missing`))
    expect(run.code).toBe(1)
    expect(run.errors).toContain('outbox.table_missing')
  })

  it('finds a held event and names it (outbox.held)', async () => {
    const invoice: TrackInvoicePaidInput = {
      ucc: 'pNRB1aYqArN',
      newUser: { id: 'doctor-ok', email: 'ok@example.com' },
      price: 49,
      currency: 'EUR',
      subscription: { invoiceId: 'in_doctor', interval: 'monthly', productKey: 'Pro' },
    }
    await store.enqueue([
      {
        key: 'invoice-paid:in_doctor',
        trigger: 'invoice-paid',
        envelope: buildEvent('invoice-paid', invoice),
      },
    ])
    await pool.query(
      `UPDATE ${table} SET state = 'held', reason = 'timeout after sending' WHERE key = 'invoice-paid:in_doctor'`,
    )
    const run = await doctor(withTable())
    expect(run.code).toBe(1)
    expect(run.errors).toEqual(['outbox.held'])
    expect(run.finding('outbox.held')?.message).toContain('invoice-paid:in_doctor (timeout after sending)')
    expect(run.finding('outbox.held')?.fix).toContain('npx react-cello outbox resolve')
  })
})
