// The memory of a process holding the outbox: on PGlite (embedded, in memory), with its default
// settings and with smaller shared buffers, against the same process on PostgreSQL (a `pg` pool)
// and a bare Node process. Each variant runs in its own child process (`--expose-gc`); RSS is read
// when the store is open and its schema created, then after a GC. Prints JSON.
// Alone: `node bench/pgliteMemory.mjs` (PostgreSQL when DATABASE_URL is set).
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const MB = 1024 * 1024
const variants = {
  'bare Node': '',
  'PGlite, bare (no outbox)': `const { PGlite } = await import('@electric-sql/pglite'); const db = new PGlite(); await db.waitReady`,
  'PGlite outbox, defaults': `const { PGlite } = await import('@electric-sql/pglite'); const db = new PGlite(); await outboxOn(db)`,
  'PGlite outbox, shared_buffers=32MB': `const { PGlite } = await import('@electric-sql/pglite'); const db = new PGlite({ postgresqlconf: ['shared_buffers=32MB'] }); await outboxOn(db)`,
  'PGlite outbox, shared_buffers=8MB': `const { PGlite } = await import('@electric-sql/pglite'); const db = new PGlite({ postgresqlconf: ['shared_buffers=8MB'] }); await outboxOn(db)`,
  ...(process.env.DATABASE_URL
    ? {
        'PostgreSQL outbox (pg pool)': `const pg = await import('pg'); const db = new pg.default.Pool({ connectionString: process.env.DATABASE_URL, max: 2 }); await outboxOn(db, 'bench_memory_' + process.pid); await db.query('DROP TABLE IF EXISTS bench_memory_' + process.pid)`,
      }
    : {}),
}

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
  const rows = []
  for (const [name, body] of Object.entries(variants)) {
    const { open, afterGc } = measure(body)
    rows.push({ name, openMb: Math.round(open / MB), afterGcMb: Math.round(afterGc / MB) })
  }
  return { load: loadavg(), rows }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(measureMemory(), null, 1))
