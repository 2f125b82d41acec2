// The outbox on PGlite, embedded Postgres: run everywhere, without a database server.
import { outboxSuite } from './outboxSuite'

outboxSuite(['PGlite'])
