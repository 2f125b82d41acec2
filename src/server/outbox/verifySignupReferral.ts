// The drainer's check of a `new-signup` before it is sent (issue 20): the code must be one Cello
// knows, and not the new user's own. Every new-signup is checked, whoever enqueued it (the handler,
// which checked already unless Cello was unreachable, or an app calling `outbox.enqueue`): the
// answers are cached per client (referralCodeLookup), so a checked code costs no second request.
import { isMilestone } from '../client/buildMilestone'
import { classifyDelivery } from './classifyDelivery'
import type { CelloClient } from '../client/CelloClient'
import type { ClaimedEvent, OutboxSettlement } from './CelloOutboxStore'
import { lookupReferralCode, refuseReferral } from '../client/referralCodeLookup'

/** An outcome that replaces the send: the event's settlement without its key and lease. */
export type SignupReferralVerdict = Omit<OutboxSettlement, 'key' | 'leaseToken'>

/**
 * Checks a claimed `new-signup`'s referral code with Cello (`GET /referral-codes/{code}`) and
 * resolves `null` when it may be sent; otherwise the outcome to record instead: `dead` with a
 * reason starting `invalid_code` or `self_referral` (never sent), or `queued` after `retryInMs`
 * when the check itself failed (nothing was sent, so nothing is uncertain).
 */
export async function verifySignupReferral(
  client: CelloClient,
  event: ClaimedEvent,
  signal: AbortSignal,
  retryInMs: (retryAfterMs: number | null) => number,
): Promise<SignupReferralVerdict | null> {
  if (isMilestone(event.envelope)) return null // only a new-signup is checked
  const { payload, context } = event.envelope
  try {
    const answer = await lookupReferralCode(client, payload.ucc, signal)
    switch (refuseReferral(answer, [payload.newUserId, context.newUser?.id])) {
      case null:
        return null
      case 'invalid_code':
        return {
          state: 'dead',
          uncertain: false,
          reason: 'invalid_code: Cello does not know this referral code (GET /referral-codes/{code}); not sent',
        }
      case 'self_referral':
        return {
          state: 'dead',
          uncertain: false,
          reason: "self_referral: the code's referrer is the new user (or the organization it names); not sent",
        }
    }
  } catch (error) {
    const { reason, status, requestId, retryAfterMs } = classifyDelivery(error)
    return {
      state: 'queued',
      uncertain: false,
      retryInMs: retryInMs(retryAfterMs),
      reason: `not sent: the check of its referral code failed: ${reason}`,
      status,
      requestId,
    }
  }
}
