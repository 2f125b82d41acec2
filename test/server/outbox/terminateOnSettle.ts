// A drainer's executor whose settle statement loses its database connection on demand (issue 20):
// the outbox must keep Cello's 2xx answers through a failover, a pgbouncer restart or a
// pg_terminate_backend. Terminates only the test's own backends, found by application_name.
import type pg from 'pg'
import type { QueryExecutor } from '../../../src/server'
import { runQuery } from '../../../src/server/outbox/postgresOutbox'
import type { TestDatabase } from './databases'

/** postgresOutbox's settle statement (the claim sets `state = 'sending'` instead). */
export const isSettle = (text: string) => text.includes('state = s.state')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
let counter = 0

/**
 * An executor on `db` for one drainer. Before a settle statement for which `kill()` says yes: on
 * PostgreSQL, every backend of this executor's pool (its own application_name) is terminated with
 * pg_terminate_backend, and the statement then runs on one of those dead connections; on PGlite,
 * one in-process connection with no backend to terminate, the statement fails before it runs,
 * with the error a terminated backend gives (57P01). `terminated` collects the errors the settles
 * met.
 */
export function terminateOnSettle(db: TestDatabase, kill: () => boolean) {
  const terminated: unknown[] = []
  if (db.name !== 'PostgreSQL') {
    const inner = db.executor()
    const executor: QueryExecutor = (text, values) => {
      if (isSettle(text) && kill()) {
        const error = Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        })
        terminated.push(error)
        return Promise.reject(error)
      }
      return runQuery(inner, text, values)
    }
    return { executor, terminated }
  }
  const applicationName = `cello_drainer_${process.pid}_${Date.now().toString(36)}_${counter++}`
  const pool = db.executor({ applicationName }) as pg.Pool
  const admin = db.executor()
  const executor: QueryExecutor = async (text, values) => {
    if (!isSettle(text) || !kill()) return pool.query(text, values)
    const connection = await pool.connect()
    connection.on('error', () => {}) // the server's FATAL notice also arrives on its own
    let broken: Error | undefined
    try {
      await runQuery(admin, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        applicationName,
      ])
      for (let i = 0; i < 400; i++) {
        const left = await runQuery(admin, 'SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [
          applicationName,
        ])
        if (left.length === 0) break
        await sleep(5)
      }
      return await connection.query(text, values)
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error))
      terminated.push(error)
      throw error
    } finally {
      connection.release(broken ?? true) // never back to the pool: it was terminated
    }
  }
  return { executor, terminated }
}
