// `react-cello outbox …`: what an operator does to the PostgreSQL outbox when the alert fires:
// list what needs a person, look at one event, decide (delivered, queued, dead), retry, prune.
// Each subcommand is one entry of SUBCOMMANDS; `explain` prints the trace the outbox keeps (the
// signup decisions and each delivery attempt) for a user or an event key.
import type { OutboxEvent, OutboxState } from '../server/outbox/CelloOutboxStore'
import { errorCode } from '../server/outbox/isConnectionLost'
import { postgresOutbox, type PostgresOutbox } from '../server/outbox/postgresOutbox'
import { withoutPersonalData } from '../server/outbox/withoutPersonalData'
import { age, CliError, EXIT, integerOption, parseOptions, table, usage, type CliIo } from './cliIo'
import { databaseUrl, openDatabase } from './openDatabase'

const STATES: readonly OutboxState[] = ['queued', 'sending', 'ambiguous', 'delivered', 'held', 'dead']
const DAY_MS = 86_400_000

/** The options every subcommand takes. */
const COMMON = {
  'database-url': { type: 'string' },
  table: { type: 'string' },
  json: { type: 'boolean' },
} as const

const COMMON_HELP = `  --database-url <url>  PostgreSQL (default: DATABASE_URL)
  --table <name>        the outbox table, optionally schema-qualified (default: cello_outbox)
  --json                print JSON instead of a table
  -h, --help            this help`

/** What a subcommand gets: its parsed arguments, the store, and where to print. */
interface Run {
  store: PostgresOutbox
  io: CliIo
  json: boolean
  now: number
}

interface Subcommand {
  usage: string
  summary: string
  /** Options beyond COMMON, for parseArgs. */
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>
  /** Help lines for those options. */
  help: string
  positionals: number
  run(values: Record<string, unknown>, positionals: string[], run: Run): Promise<number>
}

/** An event as printed: everything but the person's email and name (the ids stay). */
function printable(event: OutboxEvent) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    key: event.key,
    trigger: event.trigger,
    state: event.state,
    attempts: event.attempts,
    uncertain: event.uncertain,
    reason: event.reason,
    requestId: event.requestId,
    lastStatus: event.lastStatus,
    createdAt: iso(event.createdAt),
    updatedAt: iso(event.updatedAt),
    nextAttemptAt: iso(event.nextAttemptAt),
    deliveredAt: iso(event.deliveredAt),
    envelope: withoutPersonalData(event.envelope),
  }
}

const shorten = (text: string | null, max = 60) =>
  text === null ? '' : text.length > max ? `${text.slice(0, max - 1)}…` : text

/** A date option: an ISO date or time, or a number of days ago (`30d`). */
function dateOption(value: string, option: string, now: number): Date {
  const days = /^(\d+)d$/.exec(value)
  const date = days ? new Date(now - Number(days[1]) * DAY_MS) : new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) && !days) throw usage(`${option} takes a date (2025-01-31) or days ago (30d)`)
  if (Number.isNaN(date.getTime())) throw usage(`${option}: ${JSON.stringify(value)} is not a date`)
  return date
}

function stringValue(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** Resolves `key` to `to`, or says why not (exit 1). A delivered event is resent only with --force. */
async function resolveEvent(
  key: string,
  to: 'queued' | 'delivered' | 'dead',
  reason: string,
  force: boolean,
  { store, io, json }: Run,
): Promise<number> {
  const before = await store.get(key)
  if (!before) throw new CliError('failed', `no event under the key ${JSON.stringify(key)}`)
  if (before.state === 'delivered' && to !== 'delivered' && !force)
    throw new CliError(
      'failed',
      `${key} is delivered: Cello has it, and sending it again would count it twice. Add --force if Cello's Event Feed says otherwise.`,
    )
  if (!(await store.resolve(key, to, reason)))
    throw new CliError('failed', `${key} is being sent right now: wait for the attempt to end, then try again`)
  const after = await store.get(key)
  if (json) io.out(`${JSON.stringify({ key, from: before.state, to, event: after && printable(after) })}\n`)
  else io.out(`${key}: ${before.state} → ${to} (${reason})\n`)
  return EXIT.ok
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: {
    usage: 'react-cello outbox list [--state held,dead] [--limit 100] [--newest]',
    summary: 'the events, oldest first (all states unless --state)',
    options: { state: { type: 'string' }, limit: { type: 'string' }, newest: { type: 'boolean' } },
    help: `  --state <states>      only these states, comma-separated: ${STATES.join(', ')}
  --limit <n>           at most n events (default 100)
  --newest              newest first`,
    positionals: 0,
    async run(values, _, { store, io, json, now }) {
      const stateOption = stringValue(values, 'state')
      const states = stateOption?.split(',').map((s) => s.trim())
      const unknown = states?.find((s) => !STATES.some((state) => state === s))
      if (unknown !== undefined) throw usage(`--state: ${JSON.stringify(unknown)} is not one of ${STATES.join(', ')}`)
      const events = await store.list({
        states: STATES.filter((s) => states?.includes(s) ?? true),
        limit: integerOption(stringValue(values, 'limit'), '--limit', 1, 10_000) ?? 100,
        order: values.newest === true ? 'newest' : 'oldest',
      })
      if (json) {
        io.out(`${JSON.stringify(events.map(printable))}\n`)
        return EXIT.ok
      }
      if (events.length === 0) {
        io.out(`no events${states ? ` in the states ${states.join(', ')}` : ''}\n`)
        return EXIT.ok
      }
      const rows = events.map((e) => [
        e.key,
        e.state,
        String(e.attempts),
        age(now - e.createdAt),
        e.lastStatus === null ? '' : String(e.lastStatus),
        shorten(e.reason),
      ])
      io.out(`${table([['key', 'state', 'attempts', 'age', 'status', 'reason'], ...rows])}\n`)
      return EXIT.ok
    },
  },
  get: {
    usage: 'react-cello outbox get <key>',
    summary: "one event: its state, attempts, reason, Cello's request id and envelope (without email and name)",
    options: {},
    help: '',
    positionals: 1,
    async run(_, [key], { store, io, json }) {
      if (!key) throw usage('outbox get needs the event key, e.g. new-signup:user_123')
      const event = await store.get(key)
      if (!event) throw new CliError('failed', `no event under the key ${JSON.stringify(key)}`)
      const shown = printable(event)
      if (json) io.out(`${JSON.stringify(shown)}\n`)
      else {
        const { envelope, ...fields } = shown
        const rows = Object.entries(fields).map(([name, value]) => [name, value === null ? '-' : String(value)])
        io.out(`${table(rows)}\nenvelope  ${JSON.stringify(envelope)}\n`)
      }
      return EXIT.ok
    },
  },
  explain: {
    usage: 'react-cello outbox explain <key or user id>',
    summary:
      "why an event was (not) delivered: the signup decisions and each attempt (time, state, status, Cello's request id)",
    options: {},
    help: '',
    positionals: 1,
    async run(_, [subject], { store, io, json }) {
      if (!subject) throw usage('outbox explain needs an event key (new-signup:user_123) or a user id')
      const { decisions, events } = await store.explain(subject)
      if (json) {
        io.out(`${JSON.stringify({ subject, decisions, events })}\n`)
        return EXIT.ok
      }
      if (decisions.length === 0 && events.length === 0) {
        io.out(`nothing recorded for ${JSON.stringify(subject)}: no signup report and no event\n`)
        return EXIT.ok
      }
      const when = (at: number | null) => (at === null ? '' : new Date(at).toISOString())
      if (decisions.length > 0) {
        const rows = decisions.map((d) => [when(d.at), d.outcome, d.reason ?? '', d.code ?? '', d.eventKey ?? ''])
        io.out(`signup decisions\n${table([['at', 'outcome', 'reason', 'code', 'event'], ...rows])}\n`)
      }
      for (const event of events) {
        const rows = event.attempts.map((a) => [
          when(a.at),
          a.state,
          a.status === null ? '' : String(a.status),
          a.requestId ?? '',
          shorten(a.reason),
        ])
        io.out(`\n${event.key}: ${event.state} after ${event.attemptCount} attempt(s)\n`)
        if (rows.length > 0) io.out(`${table([['at', 'state', 'status', 'request id', 'reason'], ...rows])}\n`)
      }
      return EXIT.ok
    },
  },
  resolve: {
    usage: 'react-cello outbox resolve <key> --to delivered|queued|dead --reason "…"',
    summary: "your decision on a held, ambiguous, queued or dead event (after checking Cello's Event Feed)",
    options: { to: { type: 'string' }, reason: { type: 'string' }, force: { type: 'boolean' } },
    help: `  --to <state>          delivered (Cello has it), queued (send it again), dead (give up)
  --reason <text>       why, kept on the event (required)
  --force               also move a delivered event (it would be sent again)`,
    positionals: 1,
    async run(values, [key], run) {
      const to = stringValue(values, 'to')
      const reason = stringValue(values, 'reason')
      if (!key) throw usage('outbox resolve needs the event key')
      if (to !== 'delivered' && to !== 'queued' && to !== 'dead')
        throw usage('outbox resolve needs --to delivered, --to queued or --to dead')
      if (!reason?.trim()) throw usage('outbox resolve needs --reason "…" (kept on the event, for the next person)')
      return resolveEvent(key, to, reason, values.force === true, run)
    },
  },
  retry: {
    usage: 'react-cello outbox retry <key> [--reason "…"]',
    summary: 'send an event again: resolve it to queued',
    options: { reason: { type: 'string' }, force: { type: 'boolean' } },
    help: `  --reason <text>       why (default: "retried with react-cello outbox retry")
  --force               also retry a delivered event (Cello would count it twice)`,
    positionals: 1,
    async run(values, [key], run) {
      if (!key) throw usage('outbox retry needs the event key')
      const reason = stringValue(values, 'reason')?.trim() || 'retried with react-cello outbox retry'
      return resolveEvent(key, 'queued', reason, values.force === true, run)
    },
  },
  prune: {
    usage: 'react-cello outbox prune --delivered-before <date> [--dead-before <date>]',
    summary: 'remove the email and name from events delivered (and dead) before a date; keeps the keys',
    options: { 'delivered-before': { type: 'string' }, 'dead-before': { type: 'string' } },
    help: `  --delivered-before <date>  events delivered before this date (2025-01-31, or 30d: 30 days ago)
  --dead-before <date>       dead events changed before this date (default: --delivered-before)`,
    positionals: 0,
    async run(values, _, { store, io, json, now }) {
      const delivered = stringValue(values, 'delivered-before')
      const dead = stringValue(values, 'dead-before')
      if (!delivered) throw usage('outbox prune needs --delivered-before <date> (e.g. 30d)')
      const deliveredBefore = dateOption(delivered, '--delivered-before', now)
      const deadBefore = dead === undefined ? deliveredBefore : dateOption(dead, '--dead-before', now)
      const pruned = await store.prune({ deliveredBefore, deadBefore })
      if (json)
        io.out(
          `${JSON.stringify({ pruned, deliveredBefore: deliveredBefore.toISOString(), deadBefore: deadBefore.toISOString() })}\n`,
        )
      else io.out(`pruned ${pruned} event${pruned === 1 ? '' : 's'}\n`)
      return EXIT.ok
    },
  },
}

/** `react-cello outbox` without a subcommand, or with --help. */
export const OUTBOX_HELP = `Usage: react-cello outbox <command> [options]

The PostgreSQL outbox (postgresOutbox) of your app: what needs a person, and your decisions.

Commands:
${Object.values(SUBCOMMANDS)
  .map((s) => `  ${s.usage}\n      ${s.summary}`)
  .join('\n')}

Options of every command:
${COMMON_HELP}

Exit codes: 0 done, 1 not done (no such event, being sent, database error), 2 usage error.
`

/** Runs `react-cello outbox <subcommand> …`. */
export async function outboxCommand(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(OUTBOX_HELP)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const sub = SUBCOMMANDS[name]
  if (!sub) throw usage(`unknown outbox command ${JSON.stringify(name)} (list, get, resolve, retry, prune)`)
  const { values, positionals } = parseOptions(rest, { ...COMMON, ...sub.options }, sub.positionals)
  if (values.help) {
    io.out(`Usage: ${sub.usage}\n\n${sub.summary}.\n\nOptions:\n${sub.help ? `${sub.help}\n` : ''}${COMMON_HELP}\n`)
    return EXIT.ok
  }
  const url = databaseUrl(stringValue(values, 'database-url'), io.env)
  const table = stringValue(values, 'table') ?? 'cello_outbox'
  // A pool connects at its first query: a bad --table costs no connection.
  const db = await openDatabase(url)
  try {
    let store: PostgresOutbox
    try {
      store = postgresOutbox({ executor: db.executor, table })
    } catch {
      throw usage(`--table ${JSON.stringify(table)} must be a lower-case SQL identifier, optionally schema-qualified`)
    }
    return await sub.run(values, positionals, { store, io, json: values.json === true, now: Date.now() })
  } catch (error) {
    // undefined_table: the most likely first mistake (another table name, another database).
    if (errorCode(error) === '42P01')
      throw new CliError(
        'failed',
        `the table ${table} does not exist in ${db.where} (another --table? create it with celloOutboxSchemaSql() or sql/cello_outbox.sql)`,
      )
    if (error instanceof CliError) throw error
    throw new CliError('failed', `${db.where}: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await db.close()
  }
}
