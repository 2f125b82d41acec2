// prune and eraseUser on PostgreSQL: each one statement, so a drainer's claim or settle never sees
// half of it. The personal data is the envelope's context.newUser.email and .name; ids stay. The
// trace's signup decisions (which tie a user to a code) go with them, in the same statement.
import type { CelloOutboxStore } from './CelloOutboxStore'
import { decisionsTableOf } from './postgresTrace'
import { erasedUserId, pruneCutoffs, UNSENT_STATES } from './withoutPersonalData'

type Query = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>

const STRIPPED = `envelope #- '{context,newUser,email}' #- '{context,newUser,name}'`
const PERSONAL = (row: string) =>
  `(${row}.envelope #>> '{context,newUser,email}' IS NOT NULL OR ${row}.envelope #>> '{context,newUser,name}' IS NOT NULL)`
const UNSENT = `(${UNSENT_STATES.map((state) => `'${state}'`).join(', ')})`

/** The retention and erasure methods of the outbox's store in `table`. */
export function postgresRetention(table: string, q: Query): Pick<CelloOutboxStore, 'prune' | 'eraseUser'> {
  return {
    async prune(options) {
      const { deliveredBefore, deadBefore, decidedBefore } = pruneCutoffs(options)
      const rows = await q(
        `WITH forgotten AS (
           DELETE FROM ${decisionsTableOf(table)} WHERE at < to_timestamp($3::float8 / 1000)
         ), pruned AS (
           UPDATE ${table} AS o SET envelope = o.${STRIPPED}
           WHERE ((o.state = 'delivered' AND o.delivered_at < to_timestamp($1::float8 / 1000))
               OR (o.state = 'dead' AND o.updated_at < to_timestamp($2::float8 / 1000)))
             AND ${PERSONAL('o')}
           RETURNING 1
         ) SELECT count(*)::int AS n FROM pruned`,
        [deliveredBefore, deadBefore, decidedBefore],
      )
      return Number(rows[0]?.n ?? 0)
    },
    async eraseUser(productUserId) {
      const id = erasedUserId(productUserId)
      // An unsent event stops (a drainer sending it now loses its lease, so its outcome changes
      // nothing); a delivered or dead one only loses the personal data. `mine` keeps the state
      // each row had, for the counts.
      const rows = await q(
        `WITH forgotten AS (
           DELETE FROM ${decisionsTableOf(table)} AS d WHERE d.user_id = $1 OR d.new_user_id = $1 RETURNING 1
         ), mine AS (
           SELECT key, state FROM ${table} AS c
           WHERE (c.envelope #>> '{payload,newUserId}' = $1 OR c.envelope #>> '{context,newUser,id}' = $1
                  OR c.envelope #>> '{payload,productUserId}' = $1)
             AND (c.state IN ${UNSENT} OR ${PERSONAL('c')})
           FOR UPDATE
         ), erased AS (
           UPDATE ${table} AS o SET envelope = o.${STRIPPED},
             state = CASE WHEN mine.state IN ${UNSENT} THEN 'dead' ELSE o.state END,
             reason = CASE WHEN mine.state IN ${UNSENT} THEN 'erased' ELSE o.reason END,
             updated_at = CASE WHEN mine.state IN ${UNSENT} THEN now() ELSE o.updated_at END,
             lease_owner = NULL, lease_token = NULL, lease_until = NULL
           FROM mine WHERE o.key = mine.key
           RETURNING mine.state AS was
         ) SELECT count(*)::int AS erased, (count(*) FILTER (WHERE was IN ${UNSENT}))::int AS cancelled,
           (SELECT count(*)::int FROM forgotten) AS decisions FROM erased`,
        [id],
      )
      return {
        erased: Number(rows[0]?.erased ?? 0),
        cancelled: Number(rows[0]?.cancelled ?? 0),
        decisions: Number(rows[0]?.decisions ?? 0),
      }
    },
  }
}
