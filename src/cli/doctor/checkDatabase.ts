// The outbox's table (present, events by state, the oldest waiting, held and dead listed) and the
// app's clock against the database's, through one connection pool.
import type { OutboxState } from '../../server/outbox/CelloOutboxStore'
import { postgresOutbox, runQuery } from '../../server/outbox/postgresOutbox'
import { age } from '../cliIo'
import type { CliDatabase } from '../openDatabase'
import type { Finding } from './findings'

/** Above this, the app's and the database's clocks disagree enough to say so. */
const MAX_SKEW_MS = 5000
/** A queued event older than this: is anything draining the outbox? */
const STALE_QUEUE_MS = 15 * 60_000
/** Events named per finding, at most. */
const LISTED = 10

/** The app's clock against `SELECT clock_timestamp()`, read halfway through the round trip. */
export async function checkClock(db: CliDatabase): Promise<Finding> {
  const before = Date.now()
  const [row] = await runQuery(db.executor, 'SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS now_ms')
  const after = Date.now()
  const skew = Number(row?.now_ms) - (before + after) / 2
  const seconds = (Math.abs(skew) / 1000).toFixed(1)
  if (Math.abs(skew) <= MAX_SKEW_MS)
    return {
      id: 'clock.ok',
      severity: 'info',
      message: `This machine's clock and the database's agree (within ${seconds} s).`,
    }
  return {
    id: 'clock.skew',
    severity: 'warn',
    message: `This machine's clock is ${seconds} s ${skew > 0 ? 'behind' : 'ahead of'} the database's.`,
    fix: "Sync the clocks (NTP, chrony, the host's time service): event timestamps and token expiry use the app's clock, the outbox's ages the database's.",
  }
}

/** The outbox table: present, its counts by state, and what needs a person. */
export async function checkOutbox(db: CliDatabase, table: string): Promise<Finding[]> {
  const [present] = await runQuery(db.executor, 'SELECT to_regclass($1) IS NOT NULL AS present', [table])
  if (present?.present !== true)
    return [
      {
        id: 'outbox.table_missing',
        severity: 'error',
        message: `The outbox table ${table} does not exist in ${db.where}: enqueue fails, and no event is recorded.`,
        fix: 'Create it in a migration (celloOutboxSchemaSql(), or sql/cello_outbox.sql in the package), or call postgresOutbox({ executor }).createSchema() at start; or pass --table if yours has another name.',
      },
    ]
  const rows = await runQuery(
    db.executor,
    `SELECT state, count(*)::int AS n, (extract(epoch from now() - min(created_at)) * 1000)::float8 AS oldest_ms
     FROM ${table} GROUP BY state`,
  )
  const counts = new Map<string, { n: number; oldestMs: number }>()
  for (const row of rows) counts.set(String(row.state), { n: Number(row.n), oldestMs: Number(row.oldest_ms) })
  const waiting = ['queued', 'ambiguous'].map((s) => counts.get(s)).filter((c) => c !== undefined)
  const oldestWaiting = waiting.length ? Math.max(...waiting.map((c) => c.oldestMs)) : null
  const order: OutboxState[] = ['delivered', 'queued', 'sending', 'ambiguous', 'held', 'dead']
  const listed = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)?.n} ${s}`)
  const findings: Finding[] = [
    {
      id: 'outbox.counts',
      severity: 'info',
      message: `${table}: ${listed.length ? listed.join(', ') : 'no events yet'}${oldestWaiting === null ? '' : `; the oldest waiting event is ${age(oldestWaiting)} old`}.`,
    },
  ]
  if (oldestWaiting !== null && oldestWaiting > STALE_QUEUE_MS)
    findings.push({
      id: 'outbox.stale',
      severity: 'warn',
      message: `An event has waited ${age(oldestWaiting)} to be sent: nothing may be draining the outbox, or Cello refuses it again and again.`,
      fix: 'Run a drainer (outbox.start() in a long-running process, or a cron route calling outbox.drain(): docs/delivery.md, Scheduling); npx react-cello outbox list --state queued,ambiguous shows the reasons.',
    })

  const store = postgresOutbox({ executor: db.executor, table })
  const named = async (state: OutboxState) =>
    (await store.list({ states: [state], limit: LISTED }))
      .map((e) => `${e.key}${e.reason ? ` (${e.reason})` : ''}`)
      .join('; ')
  const held = counts.get('held')?.n ?? 0
  if (held > 0)
    findings.push({
      id: 'outbox.held',
      severity: 'error',
      message: `${held} event${held === 1 ? ' is' : 's are'} held: ${held === 1 ? 'it' : 'each'} may have reached Cello and waits for a person: ${await named('held')}${held > LISTED ? '; …' : ''}.`,
      fix: 'Look for each in Cello\'s Event Feed, then npx react-cello outbox resolve <key> --to delivered (Cello has it) or --to queued (send it) --reason "…".',
    })
  const dead = counts.get('dead')?.n ?? 0
  if (dead > 0)
    findings.push({
      id: 'outbox.dead',
      severity: 'warn',
      message: `${dead} event${dead === 1 ? ' is' : 's are'} dead (refused or too old): ${await named('dead')}${dead > LISTED ? '; …' : ''}.`,
      fix: 'invalid_code and self_referral are referrals Cello would not pay; for another reason, fix its cause, then npx react-cello outbox retry <key>.',
    })
  return findings
}
