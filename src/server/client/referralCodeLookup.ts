// Cello's answer about a referral code (GET /referral-codes/{code}), kept briefly per client: the
// handler checks a signup's code before recording it, and the drainer again before sending it
// (issue 20), so one answer usually serves both. Bounded, so codes made up by visitors cannot grow it.
import type { CelloClient } from './CelloClient'
import type { ReferralCodeResponse } from './types'

const TTL_MS = 60_000
const MAX_CODES = 1000

const caches = new WeakMap<CelloClient, Map<string, { answer: ReferralCodeResponse; until: number }>>()

/**
 * `client.validateReferralCode(code)`, answered from this client's cache for 60 s after Cello
 * answered (failures are not kept). One attempt, ended by `signal`.
 */
export async function lookupReferralCode(
  client: CelloClient,
  code: string,
  signal: AbortSignal,
): Promise<ReferralCodeResponse> {
  let cache = caches.get(client)
  if (!cache) caches.set(client, (cache = new Map()))
  const kept = cache.get(code)
  if (kept && kept.until > Date.now()) return kept.answer
  const answer = await client.validateReferralCode(code, { signal, retries: 0 })
  cache.delete(code) // re-inserted last: the Map's order is the order of answers, oldest first
  cache.set(code, { answer, until: Date.now() + TTL_MS })
  for (const oldest of cache.keys()) {
    if (cache.size <= MAX_CODES) break
    cache.delete(oldest)
  }
  return answer
}

/** Why a signup with a code must not reach Cello: `invalid_code` (Cello does not know it) or `self_referral`. */
export type ReferralRefusal = 'invalid_code' | 'self_referral'

/**
 * Why a signup whose subject is one of `subjectIds` (its `newUserId`, and the person's own id) must
 * not be sent with the code Cello described in `answer`; `null` when it may. The code's referrer
 * (`productUserId`) is a person: a code of theirs reported for themselves, or for the organization
 * the signup names, is a self-referral.
 */
export function refuseReferral(
  answer: ReferralCodeResponse,
  subjectIds: readonly (string | undefined)[],
): ReferralRefusal | null {
  if (!answer.valid) return 'invalid_code'
  const referrer = answer.productUserId
  return referrer && subjectIds.includes(referrer) ? 'self_referral' : null
}
