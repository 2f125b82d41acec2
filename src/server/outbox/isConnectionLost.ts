// Which database errors mean "the connection died, the statement may not have run": a restart, a
// failover, a pooler recycled, pg_terminate_backend. Only statements that are safe to run twice
// (the outbox's INSERT … ON CONFLICT DO NOTHING) may be retried on them.

/** The error's `code` (SQLSTATE, or a Node.js/driver code), when it has a string one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}

const CONNECTION_CODES = new Set([
  '57P01', // admin_shutdown: terminated (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  'ECONNRESET',
  'ECONNREFUSED', // the server restarting: nothing ran
  'EPIPE',
  'CONNECTION_CLOSED', // postgres.js: the socket closed under a query
])

// node-postgres reports a socket closed under it with these messages and no code.
const TERMINATED = /^Connection terminated\b/

/** `true` when `error` (or its `cause`, for drivers that wrap it) says the connection was lost. */
export function isConnectionLost(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 3; depth++) {
    const code = errorCode(e)
    if (code !== undefined && CONNECTION_CODES.has(code)) return true
    if (e instanceof Error && TERMINATED.test(e.message)) return true
    e = 'cause' in e ? e.cause : undefined
  }
  return false
}
