// `react-cello outbox …` against a real PostgreSQL (DATABASE_URL; PGlite has no URL to give the
// command, so these skip without it, and the node project's setup says so in one line), on a table
// of its own: two held events, one resolved to delivered and one retried to queued.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresOutbox, type PostgresOutbox } from '../../src/server'
import { buildEvent } from '../../src/server/client/buildEvent'
import { buildCli, runCli } from './cliProcess'

const url = process.env.DATABASE_URL
const table = `cello_outbox_cli_${process.pid}_${Date.now().toString(36)}`

let cli: Awaited<ReturnType<typeof buildCli>>
beforeAll(async () => {
  cli = await buildCli()
}, 60_000)
afterAll(() => cli?.remove())

describe('react-cello outbox, without a database', () => {
  it('is a usage error (exit 2) without DATABASE_URL or --database-url, and says so', async () => {
    const result = await runCli(cli.file, ['outbox', 'list'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('pass --database-url <url> or set DATABASE_URL')
  })

  it('needs --to and --reason to resolve, and prints help', async () => {
    const env = { DATABASE_URL: 'postgres://127.0.0.1:1/none' }
    expect((await runCli(cli.file, ['outbox', 'resolve', 'k', '--to', 'sent', '--reason', 'x'], env)).code).toBe(2)
    expect((await runCli(cli.file, ['outbox', 'resolve', 'k', '--to', 'queued'], env)).code).toBe(2)
    const help = await runCli(cli.file, ['outbox', 'resolve', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--to <state>')
  })

  it('fails with exit code 1, and no password, when the database does not answer', async () => {
    const result = await runCli(cli.file, [
      'outbox',
      'list',
      '--database-url',
      'postgres://someone:hunter2secret@127.0.0.1:1/none',
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('postgres://127.0.0.1:1/none')
    expect(result.stdout + result.stderr).not.toContain('hunter2')
  })
})

describe.skipIf(!url)('react-cello outbox on PostgreSQL', () => {
  let pool: pg.Pool
  let store: PostgresOutbox
  const env = () => ({ DATABASE_URL: url ?? '' })
  const signup = (id: string) =>
    buildEvent('new-signup', { ucc: 'pNRB1aYqArN', newUser: { id, email: `${id}@example.com`, name: 'Ada' } })

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'react-cello-cli-test' })
    store = postgresOutbox({ executor: pool, table })
    await store.createSchema()
    await store.enqueue([
      { key: 'new-signup:held-1', trigger: 'new-signup', envelope: signup('held-1') },
      { key: 'new-signup:held-2', trigger: 'new-signup', envelope: signup('held-2') },
      { key: 'new-signup:done-1', trigger: 'new-signup', envelope: signup('done-1') },
    ])
    // What a drainer leaves after a lost answer on a money event (held: may have reached Cello).
    await pool.query(
      `UPDATE ${table} SET state = 'held', reason = 'timeout after sending' WHERE key LIKE 'new-signup:held-%'`,
    )
    await pool.query(
      `UPDATE ${table} SET state = 'delivered', delivered_at = now() - interval '40 days' WHERE key = 'new-signup:done-1'`,
    )
  })
  afterAll(async () => {
    await pool?.query(`DROP TABLE IF EXISTS ${table}, ${table}_decisions`)
    await pool?.end()
  })

  it('lists the held events, as a table and as JSON without email or name', async () => {
    const text = await runCli(cli.file, ['outbox', 'list', '--state', 'held', '--table', table], env())
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/new-signup:held-1\s+held/)
    expect(text.stdout).toContain('timeout after sending')

    const json = await runCli(cli.file, ['outbox', 'list', '--state', 'held', '--table', table, '--json'], env())
    const events: { key: string; state: string; envelope: { context: { newUser: object } } }[] = JSON.parse(json.stdout)
    expect(events.map((e) => [e.key, e.state])).toEqual([
      ['new-signup:held-1', 'held'],
      ['new-signup:held-2', 'held'],
    ])
    expect(events[0]?.envelope.context.newUser).toEqual({ id: 'held-1' })
    expect(json.stdout).not.toContain('@example.com')
  })

  it('gets one event, and exits 1 for a key it does not have', async () => {
    const one = await runCli(cli.file, ['outbox', 'get', 'new-signup:held-1', '--table', table, '--json'], env())
    expect(JSON.parse(one.stdout)).toMatchObject({ key: 'new-signup:held-1', state: 'held', attempts: 0 })
    const none = await runCli(cli.file, ['outbox', 'get', 'new-signup:nobody', '--table', table], env())
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('no event under the key "new-signup:nobody"')
  })

  it('explains a user: the signup decision and the event, without email or name', async () => {
    await store.recordDecision({
      userId: 'held-1',
      newUserId: 'held-1',
      outcome: 'queued',
      reason: null,
      code: 'pNRB1aYqArN',
      codeFrom: 'body',
      eventKey: 'new-signup:held-1',
      duplicate: false,
    })
    const json = await runCli(cli.file, ['outbox', 'explain', 'held-1', '--table', table, '--json'], env())
    expect(json.code).toBe(0)
    const explained: { decisions: { outcome: string; code: string }[]; events: { key: string; state: string }[] } =
      JSON.parse(json.stdout)
    expect(explained.decisions).toMatchObject([{ outcome: 'queued', code: 'pNRB1aYqArN' }])
    expect(explained.events).toMatchObject([{ key: 'new-signup:held-1', state: 'held' }])
    expect(json.stdout).not.toContain('@example.com')

    const text = await runCli(cli.file, ['outbox', 'explain', 'held-1', '--table', table], env())
    expect(text.stdout).toMatch(/queued\s+pNRB1aYqArN\s+new-signup:held-1/)
    expect(text.stdout).toContain('new-signup:held-1: held after 0 attempt(s)')
    const nobody = await runCli(cli.file, ['outbox', 'explain', 'nobody', '--table', table], env())
    expect(nobody.stdout).toContain('nothing recorded for "nobody"')
  }, 60_000)

  it('moves a held event to delivered, and another to queued with retry', async () => {
    const resolved = await runCli(
      cli.file,
      [
        'outbox',
        'resolve',
        'new-signup:held-1',
        '--to',
        'delivered',
        '--reason',
        'seen in the Event Feed',
        '--table',
        table,
      ],
      env(),
    )
    expect(resolved).toMatchObject({
      code: 0,
      stdout: 'new-signup:held-1: held → delivered (seen in the Event Feed)\n',
    })
    expect(await store.get('new-signup:held-1')).toMatchObject({ state: 'delivered', reason: 'seen in the Event Feed' })

    const retried = await runCli(cli.file, ['outbox', 'retry', 'new-signup:held-2', '--table', table, '--json'], env())
    expect(retried.code).toBe(0)
    expect(JSON.parse(retried.stdout)).toMatchObject({ key: 'new-signup:held-2', from: 'held', to: 'queued' })
    expect(await store.get('new-signup:held-2')).toMatchObject({ state: 'queued', uncertain: false })
  })

  it('refuses to send a delivered event again without --force', async () => {
    const refused = await runCli(cli.file, ['outbox', 'retry', 'new-signup:done-1', '--table', table], env())
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('would count it twice')
    expect(await store.get('new-signup:done-1')).toMatchObject({ state: 'delivered' })
  })

  it('prunes the email and name of events delivered before a date', async () => {
    const pruned = await runCli(
      cli.file,
      ['outbox', 'prune', '--delivered-before', '30d', '--table', table, '--json'],
      env(),
    )
    expect(pruned.code).toBe(0)
    expect(JSON.parse(pruned.stdout)).toMatchObject({ pruned: 1 })
    expect((await store.get('new-signup:done-1'))?.envelope.context.newUser).toEqual({ id: 'done-1' })
    expect(
      (await runCli(cli.file, ['outbox', 'prune', '--delivered-before', 'yesterday', '--table', table], env())).code,
    ).toBe(2)
  })

  it('says which table is missing (exit 1)', async () => {
    const result = await runCli(cli.file, ['outbox', 'list', '--table', `${table}_nope`], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`the table ${table}_nope does not exist`)
  })
})
