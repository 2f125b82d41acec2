-- The react-cello reward ledger (createCelloWebhookHandler + postgresRewardLedger). Generated from
-- celloRewardsSchemaSql(); to use another table name, call celloRewardsSchemaSql('my_table').
CREATE TABLE IF NOT EXISTS cello_rewards (
  event_id        text PRIMARY KEY,
  event_type      text NOT NULL,
  environment     text NOT NULL,
  product_user_id text,
  reward_id       text,
  reward_type     text,
  amount          double precision,
  created_ts      jsonb,
  version         text,
  data            jsonb,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS cello_rewards_user ON cello_rewards (product_user_id, recorded_at);
