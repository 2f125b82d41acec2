import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { celloRewardsSchemaSql } from '../../../src/server'

// sql/cello_rewards.sql ships in the package for migrations; it must be what createSchema() runs.
// Regenerate it with: UPDATE_REWARDS_SQL=1 npx vitest run --project node test/server/rewards/postgresRewardLedger.schemaFile.node.test.ts
const file = new URL('../../../sql/cello_rewards.sql', import.meta.url)
const header =
  "-- The react-cello reward ledger (createCelloWebhookHandler + postgresRewardLedger). Generated from\n-- celloRewardsSchemaSql(); to use another table name, call celloRewardsSchemaSql('my_table').\n"

it('sql/cello_rewards.sql is celloRewardsSchemaSql()', () => {
  if (process.env.UPDATE_REWARDS_SQL) writeFileSync(file, header + celloRewardsSchemaSql())
  expect(existsSync(file)).toBe(true)
  expect(readFileSync(file, 'utf8')).toBe(header + celloRewardsSchemaSql())
})
