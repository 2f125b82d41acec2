// Vitest global setup: one line saying which real services this run tests against, and what it
// skipped on a machine without them (npm test still passes there, on the embedded defaults).
import { findOfficialDocument } from '../../scripts/make-cello-contract.mjs'

export default function reportServices() {
  const skipped = [
    process.env.DATABASE_URL
      ? null
      : 'DATABASE_URL is not set: the outbox ran on PGlite only, not on a PostgreSQL server',
    process.env.REDIS_URL
      ? null
      : 'REDIS_URL is not set: the Redis token store tests (node-redis, ioredis) were skipped',
  ].filter(Boolean)
  if (skipped.length) console.info(`[services] ${skipped.join('; ')}. bash .ci/run sets both.`)
  else console.info('[services] testing against PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)')
  if (!findOfficialDocument()) {
    console.info(
      "[contract] Cello's OpenAPI document is absent (CELLO_OPENAPI, ../shared/cello/openapi-v1.json): the drift check and Cello's examples were skipped",
    )
  }
}
