// The memory of a process holding the outbox: on PGlite (in memory, or in a folder whose files an
// earlier process made), with its default settings and with 16 MB shared buffers, against the same
// process on PostgreSQL (a `pg` pool) and a bare Node process; and the demo's process as `npm start`
// runs it against the same demo on PostgreSQL. Each variant runs in its own child process
// (`--expose-gc`); RSS is read when the store is open and its schema created, then after three GCs.
// Prints JSON. Alone: `node bench/pgliteMemory.mjs` (the PostgreSQL rows when DATABASE_URL is set).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const MB = 1024 * 1024
const SMALL = `{ postgresqlconf: ['shared_buffers=16MB'] }`
const folder = mkdtempSync(join(tmpdir(), 'cello-pglite-memory-'))
const demoFolder = mkdtempSync(join(tmpdir(), 'cello-demo-memory-'))
const pglite = `const { PGlite } = await import('@electric-sql/pglite')`
const demo = (options) =>
  `const { startDemo } = await import(${JSON.stringify(new URL('../examples/demo/server.mjs', import.meta.url).href)}); await startDemo({ port: 0, log: () => {}, ${options} })`
const variants = {
  'bare Node': '',
  'PGlite alone, in memory, defaults (no outbox)': `${pglite}; const db = new PGlite(); await db.waitReady`,
  'PGlite outbox, in memory, defaults': `${pglite}; const db = new PGlite(); await outboxOn(db)`,
  'PGlite outbox, in memory, 16 MB shared buffers (the tests)': `${pglite}; const db = new PGlite(${SMALL}); await outboxOn(db)`,
  // The first open of a folder runs initdb; done in an earlier process, as the demo does.
  'PGlite outbox, folder made by an earlier process, defaults': `${pglite}; const db = new PGlite(${JSON.stringify(join(folder, 'a'))}); await outboxOn(db)`,
  'PGlite outbox, folder made by an earlier process, 16 MB shared buffers': `${pglite}; const db = new PGlite(${JSON.stringify(join(folder, 'b'))}, ${SMALL}); await outboxOn(db)`,
  ...(process.env.DATABASE_URL
    ? {
        'PostgreSQL outbox (pg pool)': `const pg = await import('pg'); const db = new pg.default.Pool({ connectionString: process.env.DATABASE_URL, max: 2 }); await outboxOn(db, 'bench_memory_' + process.pid); await db.query('DROP TABLE IF EXISTS bench_memory_' + process.pid)`,
      }
    : {}),
  'the demo (`npm start`: PGlite in a folder, Vite, the emulator)': demo(`dataDir: ${JSON.stringify(demoFolder)}`),
  ...(process.env.DATABASE_URL
    ? {
        'the demo on PostgreSQL (DATABASE_URL)': demo(
          `databaseUrl: process.env.DATABASE_URL, tablePrefix: 'bench_memory_'`,
        ),
      }
    : {}),
}
// What the folder rows reopen: PostgreSQL's files, made (initdb) by a process of their own.
const setup = `${pglite}
  for (const [dir, options] of [[${JSON.stringify(join(folder, 'a'))}, {}], [${JSON.stringify(join(folder, 'b'))}, ${SMALL}]]) {
    const db = new PGlite(dir, options); await db.waitReady; await db.close()
  }`

function measure(body) {
  const script = `
    const { load } = await import(${JSON.stringify(new URL('./outboxTools.mjs', import.meta.url).href)})
    const mod = await load()
    const outboxOn = async (executor, table) => {
      const store = mod.postgresOutbox({ executor, ...(table ? { table } : {}) })
      await store.createSchema()
      return store
    }
    ${body}
    const open = process.memoryUsage().rss
    for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)) }
    console.log(JSON.stringify({ open, afterGc: process.memoryUsage().rss }))
    process.exit(0)`
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  })
  return JSON.parse(out.trim().split('\n').pop())
}

/** RSS in MB of each variant, each in a fresh process. */
export function measureMemory() {
  const loadBefore = loadavg()
  const rows = []
  measure(setup)
  for (const [name, body] of Object.entries(variants)) {
    const { open, afterGc } = measure(body)
    rows.push({ name, openMb: Math.round(open / MB), afterGcMb: Math.round(afterGc / MB) })
  }
  rmSync(folder, { recursive: true, force: true })
  rmSync(demoFolder, { recursive: true, force: true })
  return { loadBefore, load: loadavg(), rows }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(measureMemory(), null, 1))
