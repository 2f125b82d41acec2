// `react-cello doctor`: what can be checked from the server side, as a table or JSON for CI.
// Each check is its own module and gives findings; a check that cannot run says why as a finding,
// never as a crash. Secrets are read from the environment and never printed, not even in part.
import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import { CELLO_API_URLS } from '../../server/client/CelloClient'
import { celloOutboxSchemaSql } from '../../server/outbox/postgresOutbox'
import type { CelloEnvironment } from '../../shared/types'
import { CliError, EXIT, parseOptions, printableUrl, usage, type CliIo } from '../cliIo'
import { databaseUrl, openDatabase } from '../openDatabase'
import { checkBff } from './checkBff'
import { checkClock, checkOutbox } from './checkDatabase'
import { checkKeys, type KeysTarget } from './checkKeys'
import { checkLanding } from './checkLanding'
import { checkRedis } from './checkRedis'
import { renderReport, report, type Finding } from './findings'
import { reasonOf } from './probe'

export const DOCTOR_HELP = `Usage: react-cello doctor [options]

Checks your Cello setup from the server side and prints one finding per check: its severity, what
was found and the fix. Run it where the app's environment is (or pass --env-file). Secrets are
never printed.

  keys           CELLO_ACCESS_KEY_ID and CELLO_SECRET_ACCESS_KEY set, and accepted by the
                 environment's API (refused ones are tried on the other environment)
  --url          the BFF (createCelloHandler) answers there, and reaches Cello
  --database-url the outbox table exists; its events by state; held and dead events; and
                 this machine's clock against the database's (default: DATABASE_URL)
  --redis-url    the token store's Redis answers PING
  --referral     CELLO_PRODUCT_SECRET set (and, with --url, the BFF's widget-token route)
  --landing      the landing page, fetched with ?ucc=<a test code>, sets the cello-referral
                 cookie on the server (and one the BFF's host can read)

Options:
  --environment <env>     production or sandbox (default: CELLO_ENV, else production)
  --api-url <url>         Cello's API for that environment (default: CELLO_BASE_URL, else Cello's)
  --other-api-url <url>   the other environment's API, to tell keys of the wrong environment
                          (default: Cello's, when --api-url is Cello's)
  --url <url>             the BFF, e.g. http://localhost:3000/api/cello
  --database-url <url>    PostgreSQL with the outbox (default: DATABASE_URL)
  --table <name>          the outbox table (default: cello_outbox)
  --redis-url <url>       the token store's Redis (redis:// or rediss://)
  --referral              the app uses the Referral Component (react-cello/referral)
  --landing <url>         a landing page a referral link leads to
  --env-file <path>       read variables from this file first (as node --env-file; repeatable)
  --json                  print { ok, summary, findings } as JSON
  -h, --help              this help

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage error.
`

const isEnvironment = (value: string | undefined): value is CelloEnvironment =>
  value === 'production' || value === 'sandbox'

function httpUrl(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return value
  } catch {
    // Said below.
  }
  throw usage(`${option} must be an http(s) URL (got ${printableUrl(value)})`)
}

/** Runs `react-cello doctor`. */
export async function doctorCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(args, {
    environment: { type: 'string' },
    'api-url': { type: 'string' },
    'other-api-url': { type: 'string' },
    url: { type: 'string' },
    'database-url': { type: 'string' },
    table: { type: 'string' },
    'redis-url': { type: 'string' },
    referral: { type: 'boolean' },
    landing: { type: 'string' },
    'env-file': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  })
  if (values.help) {
    io.out(DOCTOR_HELP)
    return EXIT.ok
  }

  // Like node --env-file: a variable already set wins over the file's.
  const env = { ...io.env }
  for (const path of values['env-file'] ?? []) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new CliError('failed', `--env-file ${path}: ${reasonOf(error)}`)
    }
    for (const [name, value] of Object.entries(parseEnv(text))) env[name] ??= value
  }

  const findings: Finding[] = []
  const environmentOption = values.environment ?? env.CELLO_ENV
  if (values.environment !== undefined && !isEnvironment(values.environment))
    throw usage(`--environment must be production or sandbox (got ${JSON.stringify(values.environment)})`)
  if (environmentOption !== undefined && !isEnvironment(environmentOption))
    findings.push({
      id: 'env.unknown',
      severity: 'warn',
      message: `CELLO_ENV is ${JSON.stringify(environmentOption)}, neither production nor sandbox: doctor checks production.`,
      fix: 'Set CELLO_ENV to production or sandbox, or pass --environment.',
    })
  const environment: CelloEnvironment = isEnvironment(environmentOption) ? environmentOption : 'production'
  const other: CelloEnvironment = environment === 'production' ? 'sandbox' : 'production'
  const apiUrl = (
    httpUrl(values['api-url'], '--api-url') ??
    (env.CELLO_BASE_URL || CELLO_API_URLS[environment])
  ).replace(/\/+$/, '')
  const target: KeysTarget = {
    environment,
    apiUrl,
    otherApiUrl:
      httpUrl(values['other-api-url'], '--other-api-url') ??
      (apiUrl === CELLO_API_URLS[environment] ? CELLO_API_URLS[other] : undefined),
  }
  const bffUrl = httpUrl(values.url, '--url')
  const landing = httpUrl(values.landing, '--landing')
  const table = values.table ?? 'cello_outbox'
  // The table's name is written into doctor's SQL: held to postgresOutbox's own rule first.
  try {
    celloOutboxSchemaSql(table)
  } catch {
    throw usage(`--table ${JSON.stringify(table)} must be a lower-case SQL identifier, optionally schema-qualified`)
  }
  const dbUrl = values['database-url'] ?? env.DATABASE_URL

  // The checks are independent: they run side by side, and print in this order.
  const [keys, bff, database, redis, landed] = await Promise.all([
    checkKeys(env, target),
    bffUrl ? checkBff(bffUrl, values.referral === true) : Promise.resolve<Finding[]>([]),
    dbUrl ? checkDatabase(databaseUrl(dbUrl, env), table) : Promise.resolve<Finding[]>([noDatabase]),
    values['redis-url'] ? checkRedis(values['redis-url']).then((f) => [f]) : Promise.resolve<Finding[]>([]),
    landing ? checkLanding(landing, bffUrl) : Promise.resolve<Finding[]>([]),
  ])
  findings.push(...keys, ...(values.referral ? checkWidgetSecret(env) : []), ...bff, ...database, ...redis, ...landed)

  const result = report(findings)
  if (values.json) io.out(`${JSON.stringify(result, null, 2)}\n`)
  else io.out(renderReport(result, `react-cello doctor: Cello ${environment} (${apiUrl})`))
  return result.ok ? EXIT.ok : EXIT.failed
}

const noDatabase: Finding = {
  id: 'outbox.not_checked',
  severity: 'info',
  message: 'No database given: the outbox and the clock were not checked.',
  fix: 'Pass --database-url (or set DATABASE_URL) when the app keeps its outbox in PostgreSQL.',
}

/** The outbox and the clock; a database that cannot be reached is one finding. */
async function checkDatabase(url: string, table: string): Promise<Finding[]> {
  let db
  try {
    db = await openDatabase(url)
  } catch (error) {
    return [{ id: 'database.driver_missing', severity: 'error', message: reasonOf(error), fix: 'npm install pg' }]
  }
  try {
    return [...(await checkOutbox(db, table)), await checkClock(db)]
  } catch (error) {
    return [
      {
        id: 'database.unreachable',
        severity: 'error',
        message: `The database ${db.where} does not answer: ${reasonOf(error)}`,
        fix: 'Check --database-url (DATABASE_URL), the network and the credentials.',
      },
    ]
  } finally {
    await db.close()
  }
}

/** The Referral Component's secret, which signs its token (docs/referral-component.md). */
function checkWidgetSecret(env: Record<string, string | undefined>): Finding[] {
  const secret = env.CELLO_PRODUCT_SECRET
  if (!secret)
    return [
      {
        id: 'widget.secret_missing',
        severity: 'error',
        message: 'CELLO_PRODUCT_SECRET is not set: the BFF cannot sign the Referral Component’s token.',
        fix: "Set it from Cello's portal (Access Keys: the product secret, not the secret access key) and pass it as createCelloHandler({ widget: { productId, productSecret } }).",
      },
    ]
  if (secret === env.CELLO_SECRET_ACCESS_KEY)
    return [
      {
        id: 'widget.secret_is_access_key',
        severity: 'error',
        message:
          'CELLO_PRODUCT_SECRET is the same as CELLO_SECRET_ACCESS_KEY: Cello refuses a token signed with the API key.',
        fix: "Use the product secret of Cello's portal (Access Keys), a different value from the API's secret access key.",
      },
    ]
  return [{ id: 'widget.secret_present', severity: 'info', message: 'CELLO_PRODUCT_SECRET is set (not shown).' }]
}
