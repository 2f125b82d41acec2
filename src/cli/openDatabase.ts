// The PostgreSQL connection of `outbox` and `doctor`, through node-postgres (`pg`, an optional peer
// dependency: an app with a PostgreSQL outbox has it, or installs it for the command).
import type { QueryExecutor } from '../server/outbox/CelloOutboxStore'
import { CliError, printableUrl, usage } from './cliIo'

/** An open connection pool, what may be printed of its address, and how to close it. */
export interface CliDatabase {
  executor: QueryExecutor
  /** `postgres://host:port/db`: never the user or password. */
  where: string
  close(): Promise<void>
}

/** The database URL of `--database-url`, else `DATABASE_URL`; a usage error when neither is set. */
export function databaseUrl(option: string | undefined, env: Record<string, string | undefined>): string {
  const url = option ?? env.DATABASE_URL
  if (!url) throw usage('no database: pass --database-url <url> or set DATABASE_URL')
  if (!/^postgres(ql)?:\/\//.test(url))
    throw usage(`the database URL must start with postgres:// (got ${printableUrl(url)})`)
  return url
}

/** The pool's shape this module uses, whichever way `pg` is loaded (ESM default export or named). */
interface PoolLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
  on(event: 'error', listener: () => void): unknown
  end(): Promise<void>
}
type PoolConstructor = new (config: Record<string, unknown>) => PoolLike

async function loadPool(): Promise<PoolConstructor> {
  try {
    const pg = await import('pg')
    return pg.default.Pool
  } catch {
    throw new CliError(
      'failed',
      'this command reaches PostgreSQL through node-postgres, which is not installed here: npm install pg',
    )
  }
}

/** A small pool (`application_name` react-cello-cli), so that the command shows in pg_stat_activity. */
export async function openDatabase(url: string): Promise<CliDatabase> {
  const Pool = await loadPool()
  const pool = new Pool({
    connectionString: url,
    max: 2,
    application_name: 'react-cello-cli',
    connectionTimeoutMillis: 10_000,
  })
  // An idle connection the server closes must not crash the command.
  pool.on('error', () => {})
  return { executor: pool, where: printableUrl(url), close: () => pool.end() }
}
