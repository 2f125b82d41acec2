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
  delivered_at    timestamptz
);
CREATE INDEX IF NOT EXISTS cello_outbox_due ON cello_outbox (next_attempt_at) WHERE state IN ('queued', 'ambiguous');
CREATE INDEX IF NOT EXISTS cello_outbox_lease ON cello_outbox (lease_until) WHERE state = 'sending';
CREATE INDEX IF NOT EXISTS cello_outbox_open ON cello_outbox (state, created_at) WHERE state IN ('held', 'dead', 'ambiguous');
