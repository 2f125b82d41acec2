-- The react-cello event outbox (createCelloOutbox + postgresOutbox). Generated from
-- celloOutboxSchemaSql(); to use another table name, call celloOutboxSchemaSql('my_table').
CREATE TABLE IF NOT EXISTS cello_outbox (
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
  delivered_at    timestamptz,
  attempt_log     jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX IF NOT EXISTS cello_outbox_due ON cello_outbox (next_attempt_at) WHERE state IN ('queued', 'ambiguous');
CREATE INDEX IF NOT EXISTS cello_outbox_lease ON cello_outbox (lease_until) WHERE state = 'sending';
CREATE INDEX IF NOT EXISTS cello_outbox_open ON cello_outbox (state, created_at) WHERE state IN ('held', 'dead', 'ambiguous');
-- The trace (0.1.0): a table created before it gains the column here (a constant default: no rewrite).
ALTER TABLE cello_outbox ADD COLUMN IF NOT EXISTS attempt_log jsonb NOT NULL DEFAULT '[]'::jsonb;
CREATE TABLE IF NOT EXISTS cello_outbox_decisions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     text NOT NULL,
  new_user_id text,
  outcome     text NOT NULL CHECK (outcome IN ('reported', 'queued', 'refused')),
  reason      text,
  code        text,
  code_from   text CHECK (code_from IN ('body', 'cookie')),
  event_key   text,
  duplicate   boolean NOT NULL DEFAULT false,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS cello_outbox_decisions_user ON cello_outbox_decisions (user_id, at);
