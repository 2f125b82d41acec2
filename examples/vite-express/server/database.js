// The database: PostgreSQL at DATABASE_URL (node-postgres), or PGlite in memory when it is unset,
// so the example runs with nothing installed. Both answer `query(text, values)` with `{ rows }`,
// which is what postgresOutbox() takes as its executor.
export async function openDatabase(url = process.env.DATABASE_URL) {
  if (url) {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: url })
    return {
      query: (text, values) => pool.query(text, values),
      /** Runs `work(tx)` in one transaction; `tx.query` is the transaction's. */
      async transaction(work) {
        const client = await pool.connect()
        try {
          await client.query('begin')
          const result = await work(client)
          await client.query('commit')
          return result
        } catch (error) {
          await client.query('rollback').catch(() => {})
          throw error
        } finally {
          client.release()
        }
      },
      close: () => pool.end(),
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const db = new PGlite()
  return {
    query: (text, values) => db.query(text, values),
    transaction: (work) => db.transaction(work),
    close: () => db.close(),
  }
}
