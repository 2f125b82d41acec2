// Cello's behaviour-based triggers: a `MilestoneReached` event "will immediately trigger an in-app
// announcement" for the referrer (https://docs.cello.so/guides/best-practices/behavior-based-triggers).
// The shape is the guide's example; Cello's v1 OpenAPI document does not list it.
import * as z from 'zod/mini'
import { idSchema, milestoneTriggerSchema, parseInput } from './schemas'
import type { CelloMilestoneEnvelope, EventSubject, TrackMilestoneInput } from './types'

const inputSchema = z.object({ productUserId: idSchema, trigger: milestoneTriggerSchema })

/**
 * The `MilestoneReached` envelope for `input`; throws a CelloValidationError naming every bad field
 * (the outbox passes whatever `enqueue` was given: it is checked here).
 */
export function buildMilestone(input: TrackMilestoneInput | EventSubject): CelloMilestoneEnvelope {
  const { productUserId, trigger } = parseInput(inputSchema, input, 'The milestone-reached event')
  return { eventName: 'MilestoneReached', payload: { productUserId }, context: { event: { trigger } } }
}

/** `true` for a `MilestoneReached` envelope (anything else the outbox holds is `ReferralUpdated`). */
export const isMilestone = (envelope: { eventName: string }): envelope is CelloMilestoneEnvelope =>
  envelope.eventName === 'MilestoneReached'
