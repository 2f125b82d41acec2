// The outbox on the in-memory store. The same tests on PGlite and PostgreSQL are in
// createCelloOutbox.pglite.test.ts and createCelloOutbox.postgres.test.ts, so that Vitest runs
// the three side by side.
import { outboxSuite } from './outboxSuite'

outboxSuite(['memory'])
