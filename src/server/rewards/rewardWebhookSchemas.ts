// zod schemas for the body of Cello's reward webhook, as https://docs.cello.so/attribution/credit-based-rewards
// shows it: `{ version, eventType, createdTs, eventId, data }`. The envelope is checked for every
// event type; `data` only for `new-reward` with `rewardType: 'credits'`, the one type documented.
import * as z from 'zod'
import { MAX_ID_LENGTH } from '../../shared/referralCode'

const id = z
  .string()
  .min(1, 'must be a non-empty string')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)

/** Any event Cello sends to the webhook: the envelope, with `data` left open. */
export const webhookEnvelopeSchema = z.object({
  version: z.string().max(64).optional(),
  eventType: id,
  // An ISO 8601 time in Cello's example; a number (ms) is kept as it came.
  createdTs: z.union([z.string().max(64), z.number()]).optional(),
  eventId: id,
  data: z.unknown().optional(),
})

/**
 * `data` of a `new-reward` event. Every reward names its id, user and type; a `credits` reward
 * also needs a non-negative `reward.amount`. Unknown fields are kept.
 */
export const newRewardDataSchema = z
  .object({
    rewardId: id,
    productUserId: id,
    rewardType: id,
    reward: z.object({ amount: z.number().finite().nonnegative().optional() }).loose(),
  })
  .loose()
  .superRefine((data, ctx) => {
    if (data.rewardType === 'credits' && data.reward.amount === undefined)
      ctx.addIssue({ code: 'custom', path: ['reward', 'amount'], message: 'is required for a credits reward' })
  })
