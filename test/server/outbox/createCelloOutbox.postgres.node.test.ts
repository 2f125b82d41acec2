// The outbox on the machine's PostgreSQL (DATABASE_URL); skipped, and said so, without it.
import { outboxSuite } from './outboxSuite'

outboxSuite(['PostgreSQL'])
