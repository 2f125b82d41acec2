// createSchema() on a table created by an earlier react-cello (the schema before the trace): it
// gains the trace's column and decisions table, keeps its rows, and its events are traced from then
// on. On PGlite always, and on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresOutbox } from '../../../src/server'
import { runQuery } from '../../../src/server/outbox/postgresOutbox'
import { DB_HOOK_TIMEOUT, dropTable, engines, uniqueTable, type TestDatabase } from './databases'

/** The table as sql/cello_outbox.sql created it before the trace (issue 22), verbatim but for its name. */
const schemaBeforeTrace = (t: string) => `CREATE TABLE ${t} (
  key             text PRIMARY KEY,
  trigger         text NOT NULL,
  envelope        jsonb NOT NULL,
  state           text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'sending', 'ambiguous', 'delivered', 'held', 'dead')),
  uncertain       boolean NOT NULL DEFAULT false,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner     text,
  lease_token     text,
  lease_until     timestamptz,
  reason          text,
  request_id      text,
  last_status     integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX ${t}_due ON ${t} (next_attempt_at) WHERE state IN ('queued', 'ambiguous');
CREATE INDEX ${t}_lease ON ${t} (lease_until) WHERE state = 'sending';
CREATE INDEX ${t}_open ON ${t} (state, created_at) WHERE state IN ('held', 'dead', 'ambiguous');`

const envelope = {
  eventName: 'ReferralUpdated',
  timestamp: '2026-01-01T00:00:00.000Z',
  payload: { ucc: 'pNRB1aYqArN', newUserId: 'old-user' },
  context: { newUser: { id: 'old-user', email: 'old@example.com' }, event: { trigger: 'new-signup' } },
}

describe.each(engines)('postgresOutbox.createSchema() on an outbox table from before the trace ($name)', (engine) => {
  let db: TestDatabase
  const table = uniqueTable()
  beforeAll(async () => {
    db = await engine.open()
  }, DB_HOOK_TIMEOUT)
  afterAll(async () => {
    await dropTable(db, table)
    await db.close()
  })

  it('adds the attempt log and the decisions table, keeps the rows, and traces from then on', async () => {
    const executor = db.executor()
    for (const statement of schemaBeforeTrace(table).split(';\n')) await runQuery(executor, statement)
    await runQuery(
      executor,
      `INSERT INTO ${table} (key, trigger, envelope, state, attempts, reason) VALUES ($1, 'new-signup', $2::jsonb, 'queued', 1, 'api_unreachable: earlier')`,
      ['new-signup:old-user', JSON.stringify(envelope)],
    )
    const store = postgresOutbox({ executor, table })
    await store.createSchema()
    await store.createSchema() // idempotent on the migrated table

    const before = await store.explain('old-user')
    expect(before.events).toMatchObject([
      { key: 'new-signup:old-user', state: 'queued', attemptCount: 1, attempts: [] },
    ])
    const [claimed] = await store.claim({ limit: 1, leaseMs: 60_000, owner: 'probe' })
    await store.settle([
      {
        key: claimed!.key,
        leaseToken: claimed!.leaseToken,
        state: 'delivered',
        uncertain: false,
        status: 201,
        requestId: 'req-1',
      },
    ])
    await store.recordDecision({
      userId: 'old-user',
      newUserId: 'old-user',
      outcome: 'reported',
      reason: null,
      code: 'pNRB1aYqArN',
      codeFrom: 'body',
      eventKey: 'new-signup:old-user',
      duplicate: false,
    })
    const after = await store.explain('new-signup:old-user')
    expect(after.events[0]?.attempts).toEqual([
      { at: expect.any(Number), state: 'delivered', status: 201, requestId: 'req-1', reason: null },
    ])
    expect(after.decisions).toMatchObject([
      { userId: 'old-user', outcome: 'reported', eventKey: 'new-signup:old-user' },
    ])
  })
})
