// zod schemas for the body of Cello's reward webhook, as https://docs.cello.so/attribution/credit-based-rewards
// shows it: `{ version, eventType, createdTs, eventId, data }`. The envelope is checked for every
// event type; `data` only for `new-reward` with `rewardType: 'credits'`, the one type documented.
import * as z from 'zod/mini'
import { MAX_ID_LENGTH } from '../../shared/referralCode'

const id = z
  .string()
  .check(
    z.minLength(1, 'must be a non-empty string'),
    z.maxLength(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`),
  )

/** Any event Cello sends to the webhook: the envelope, with `data` left open. */
export const webhookEnvelopeSchema = z.object({
  version: z.optional(z.string().check(z.maxLength(64))),
  eventType: id,
  // An ISO 8601 time in Cello's example; a number (ms) is kept as it came.
  createdTs: z.optional(z.union([z.string().check(z.maxLength(64)), z.number()])),
  eventId: id,
  data: z.optional(z.unknown()),
})

/**
 * `data` of a `new-reward` event. Every reward names its id, user and type; a `credits` reward
 * also needs a non-negative `reward.amount`. Unknown fields are kept.
 */
export const newRewardDataSchema = z
  .looseObject({
    rewardId: id,
    productUserId: id,
    rewardType: id,
    // z.number() refuses NaN and ±Infinity.
    reward: z.looseObject({ amount: z.optional(z.number().check(z.nonnegative())) }),
  })
  .check(
    z.superRefine((data, ctx) => {
      if (data.rewardType === 'credits' && data.reward.amount === undefined)
        ctx.addIssue({ code: 'custom', path: ['reward', 'amount'], message: 'is required for a credits reward' })
    }),
  )
