// The demo's database: users, sessions, invoices and the Cello outbox side by side, so that a
// signup and its `new-signup` event commit in one transaction. PGlite (PostgreSQL in WebAssembly)
// in memory or in a folder, or a real PostgreSQL server through a `pg` Pool.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { projectPath } from './projectPath'

/** Anything that runs one SQL statement: the database, or a transaction's connection. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/** Where the data lives. */
export type DemoStorage = { kind: 'memory' } | { kind: 'folder'; path: string } | { kind: 'postgres'; url: string }

/** The demo's database (see {@link openDemoDatabase}). */
export interface DemoDatabase extends Sql {
  /** For the start-up lines and the events panel: where the data lives (a folder relative to the project). */
  readonly description: string
  /** Runs `work` in one transaction on one connection: what it writes commits together, or not at all. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** The rows of one statement, typed by the caller. */
export async function rows<T>(sql: Sql, text: string, values: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, values)).rows as T[]
}

/** Opens the database and creates the demo's tables (prefixed with `prefix`) when missing. */
export async function openDemoDatabase(storage: DemoStorage, prefix: string): Promise<DemoDatabase> {
  const db = storage.kind === 'postgres' ? postgres(storage.url) : await pglite(storage)
  try {
    for (const statement of schemaSql(prefix)) await db.query(statement)
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}

/** Empties the demo's tables (the outbox's too) and restarts the ids at user-1 and inv-1. */
export async function clearDemoTables(sql: Sql, prefix: string, outboxTable: string): Promise<void> {
  await sql.query(`TRUNCATE ${prefix}sessions, ${prefix}invoices, ${prefix}users, ${outboxTable}`)
  await sql.query(`ALTER SEQUENCE ${prefix}user_seq RESTART`)
  await sql.query(`ALTER SEQUENCE ${prefix}invoice_seq RESTART`)
}

function schemaSql(p: string): string[] {
  return [
    `CREATE SEQUENCE IF NOT EXISTS ${p}user_seq`,
    `CREATE TABLE IF NOT EXISTS ${p}users (
      id text PRIMARY KEY,
      email text NOT NULL,
      name text NOT NULL,
      organization_id text,
      ucc text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE IF NOT EXISTS ${p}sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES ${p}users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE SEQUENCE IF NOT EXISTS ${p}invoice_seq`,
    `CREATE TABLE IF NOT EXISTS ${p}invoices (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES ${p}users (id) ON DELETE CASCADE,
      price numeric NOT NULL,
      currency text NOT NULL,
      paid_at timestamptz NOT NULL DEFAULT now(),
      refunded_at timestamptz
    )`,
  ]
}

/**
 * PGlite's PostgreSQL settings: 16 MB of shared buffers instead of PostgreSQL's 128 MB, which
 * PGlite allocates inside its WebAssembly heap. About 150 MB less resident memory, with the outbox
 * soak as fast as with the defaults (docs/benchmarks/memory.md).
 */
const PGLITE_SETTINGS = { postgresqlconf: ['shared_buffers=16MB'] }

async function pglite(storage: { kind: 'memory' } | { kind: 'folder'; path: string }): Promise<DemoDatabase> {
  if (storage.kind === 'folder') await createDataFolder(storage.path)
  const db = storage.kind === 'folder' ? new PGlite(storage.path, PGLITE_SETTINGS) : new PGlite(PGLITE_SETTINGS)
  await db.waitReady
  return {
    description: storage.kind === 'folder' ? `PGlite in ${projectPath(storage.path)}` : 'PGlite in memory',
    query: (text, values) => db.query(text, values),
    // PGlite is one connection: its queries wait while a transaction holds it.
    transaction: (work) => db.transaction((tx) => work(tx)),
    close: () => db.close(),
  }
}

/**
 * Creates PostgreSQL's files in `path` (initdb) in a short-lived child process when they are not
 * there yet. initdb runs in its own WebAssembly instance whose memory the process keeps after it
 * ends (about 140 MB of RSS); done in a child, the demo's process opens a ready folder and never
 * holds it.
 */
async function createDataFolder(path: string): Promise<void> {
  if (existsSync(join(path, 'PG_VERSION'))) return
  mkdirSync(path, { recursive: true })
  const script = `const { PGlite } = await import('@electric-sql/pglite')
    const db = new PGlite(${JSON.stringify(path)}, ${JSON.stringify(PGLITE_SETTINGS)})
    await db.waitReady
    await db.close()`
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dirname(fileURLToPath(import.meta.url)),
  })
}

function postgres(url: string): DemoDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 5 })
  return {
    description: `PostgreSQL at ${redact(url)}`,
    query: (text, values) => pool.query(text, values),
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work(client)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

/** The URL without its password, for the logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'DATABASE_URL'
  }
}
