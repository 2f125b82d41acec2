import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { celloOutboxSchemaSql } from '../../../src/server'

// sql/cello_outbox.sql ships in the package for migrations; it must be what createSchema() runs.
// Regenerate it with: UPDATE_OUTBOX_SQL=1 npx vitest run --project node test/server/outbox/postgresOutbox.schemaFile.node.test.ts
const file = new URL('../../../sql/cello_outbox.sql', import.meta.url)
const header =
  "-- The react-cello event outbox (createCelloOutbox + postgresOutbox). Generated from\n-- celloOutboxSchemaSql(); to use another table name, call celloOutboxSchemaSql('my_table').\n"

it('sql/cello_outbox.sql is celloOutboxSchemaSql()', () => {
  if (process.env.UPDATE_OUTBOX_SQL) writeFileSync(file, header + celloOutboxSchemaSql())
  expect(existsSync(file)).toBe(true)
  expect(readFileSync(file, 'utf8')).toBe(header + celloOutboxSchemaSql())
})
