// The plan of outbox.enqueue's statement (one event: INSERT … VALUES … ON CONFLICT DO NOTHING) on
// an outbox table already holding 100k events, with EXPLAIN (ANALYZE, BUFFERS), beside the plan of
// the app's own plain insert into a table of the same shape. Writes
// docs/benchmarks/outbox-enqueue-plan.md. Needs DATABASE_URL (PostgreSQL).
// Alone: `node bench/outboxEnqueuePlan.mjs [--events 100000]`.
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { openPostgres, rows } from './outboxDb.mjs'
import { UCC, load, prefill } from './outboxTools.mjs'

const PAGE = new URL('../docs/benchmarks/outbox-enqueue-plan.md', import.meta.url)

/**
 * Runs the EXPLAIN and writes the page; returns its lines, and per statement the plan's lines, its
 * execution time and its buffers (shared blocks hit, read, dirtied) for the outbox page.
 */
export async function measureEnqueuePlan({ events = 100_000 } = {}) {
  if (!process.env.DATABASE_URL) throw new Error('outboxEnqueuePlan needs DATABASE_URL (PostgreSQL)')
  const mod = await load()
  const db = await openPostgres(process.env.DATABASE_URL)
  try {
    const pool = await db.pool()
    const table = db.table('plan')
    const bare = db.table('plan_bare')
    await mod.postgresOutbox({ executor: pool, table }).createSchema()
    await mod.postgresOutbox({ executor: pool, table: bare }).createSchema()
    await prefill(mod, pool, table, events, 'p')
    await prefill(mod, pool, bare, events, 'p')
    // What the store sends for one event, captured from its executor.
    let captured
    const spy = { query: (text, values) => ((captured = { text, values }), pool.query(text, values)) }
    const envelope = mod.buildEvent('new-signup', { ucc: UCC, newUser: { id: 'plan1', email: 'plan1@example.com' } })
    await mod
      .postgresOutbox({ executor: spy, table })
      .enqueue([{ key: 'new-signup:plan0', trigger: 'new-signup', envelope }])
    const explain = async (text, values) => {
      await rows(pool, 'BEGIN')
      try {
        return (await rows(pool, `EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)).map((r) => r['QUERY PLAN'])
      } finally {
        await rows(pool, 'ROLLBACK')
      }
    }
    const values = [...captured.values]
    values[0] = 'new-signup:plan1'
    const named = (plan) => plan.map((line) => line.replaceAll(bare, 'app_events').replaceAll(table, 'cello_outbox'))
    const ours = named(await explain(captured.text, values))
    const plain = named(await explain(`INSERT INTO ${bare} (key, trigger, envelope) VALUES ($1, $2, $3)`, values))
    const lines = [
      '# The enqueue statement on a table of 100k events',
      '',
      `Produced by \`node bench/outboxEnqueuePlan.mjs\` on ${new Date().toISOString().slice(0, 10)}, PostgreSQL, ${events} events in each table, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}. Each statement ran once inside a transaction that was rolled back.`,
      '',
      '## outbox.enqueue (one event)',
      '',
      '```sql',
      captured.text.replace(/\s+/g, ' ').replace(table, 'cello_outbox'),
      '```',
      '',
      '```',
      ...ours,
      '```',
      '',
      "## The app's plain insert into a table of the same shape (the bench's baseline)",
      '',
      '```',
      ...plain,
      '```',
      '',
      'Both are one index probe of the primary key (the conflict check or the unique check) and one heap insert, plus the maintenance of the same partial indexes: `ON CONFLICT DO NOTHING` adds no scan, and the 100k rows already there cost the same index descent to both.',
      '',
    ]
    writeFileSync(PAGE, lines.join('\n'))
    return { events, lines, ours: planSummary(ours), plain: planSummary(plain) }
  } finally {
    await db.close()
  }
}

/** The figures of one EXPLAIN (ANALYZE, BUFFERS): execution time, its first Buffers line, its nodes. */
function planSummary(plan) {
  const number = (pattern) => Number(plan.join('\n').match(pattern)?.[1] ?? NaN)
  return {
    plan,
    executionMs: number(/Execution Time: ([\d.]+) ms/),
    buffers:
      plan
        .find((line) => /Buffers:/.test(line))
        ?.trim()
        .replace(/^Buffers: /, '') ?? '—',
    nodes: plan
      .filter((line) => /\(cost=/.test(line))
      .map((line) =>
        line
          .trim()
          .replace(/^->\s*/, '')
          .replace(/\s*\(cost=.*/, ''),
      ),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--events')
  console.log((await measureEnqueuePlan({ events: i > 0 ? Number(process.argv[i + 1]) : 100_000 })).lines.join('\n'))
}
