// How the emulator checks POST /events, written from Cello's OpenAPI document (EventEnvelope) on
// its own, not from react-cello's client schemas, so that it can catch the client's mistakes.
import * as z from 'zod'

const triggers = ['new-signup', 'demo-call-attended', 'invoice-paid', 'charge-refunded'] as const
const intervals = [
  'one-time',
  'weekly',
  'bi-weekly',
  'monthly',
  'quarterly',
  'semi-annual',
  'yearly',
  'biennial',
  'triennial',
  'lifetime',
] as const

const envelope = z.object({
  eventName: z.literal('ReferralUpdated'),
  // Cello strips unknown keys from payload (https://docs.cello.so/docs/cello-api).
  payload: z.object({
    ucc: z.string().min(1),
    newUserId: z.string().min(1),
    price: z.number().optional(),
    currency: z.string().optional(),
  }),
  context: z
    .object({
      event: z.object({ trigger: z.enum(triggers), timestamp: z.iso.datetime({ offset: true }) }),
      newUser: z
        .object({
          id: z.string().optional(),
          email: z.email().optional(),
          name: z.string().optional(),
          organizationId: z.string().optional(),
        })
        .loose()
        .optional(),
      subscription: z
        .object({
          id: z.string().optional(),
          invoiceId: z.string().optional(),
          interval: z.enum(intervals).optional(),
          seatsUsed: z.number().int().optional(),
          productKey: z.string().optional(),
        })
        .loose()
        .optional(),
    })
    .loose(),
})

/** An event the emulator accepted, as it was received, plus when and in which order. */
export type ReceivedEvent = z.output<typeof envelope> & {
  /** When the emulator accepted it (ISO 8601, the emulator's clock). */
  receivedAt: string
  /**
   * 1, 2, 3… in order of acceptance: tells two identical sends apart. Refused events take no
   * number; it survives `stop()`/`start()` and `persistPath`, and starts again at 1 after `reset()`.
   */
  sequence: number
}

/** Checks a `POST /events` body: the event, or Cello-style `message` naming the bad fields. */
export function checkEvent(
  body: unknown,
): { ok: true; event: z.output<typeof envelope> } | { ok: false; message: string } {
  const result = envelope.safeParse(body)
  if (result.success) return { ok: true, event: result.data }
  return {
    ok: false,
    message: `Invalid event: ${result.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`,
  }
}

// Cello's behaviour-based triggers: `MilestoneReached`, as the guide's example shows it
// (https://docs.cello.so/guides/best-practices/behavior-based-triggers). The v1 OpenAPI document
// does not list it; what Cello requires of it beyond the example (a timestamp?) is not documented.
const milestone = z.object({
  eventName: z.literal('MilestoneReached'),
  payload: z.object({ productUserId: z.string().min(1) }),
  context: z.object({ event: z.object({ trigger: z.string().min(1) }).loose() }).loose(),
})

/** A `MilestoneReached` the emulator accepted, with when and in which order (shared with events). */
export type ReceivedMilestone = z.output<typeof milestone> & { receivedAt: string; sequence: number }

/** Checks a `POST /events` body named `MilestoneReached`. */
export function checkMilestone(
  body: unknown,
): { ok: true; milestone: z.output<typeof milestone> } | { ok: false; message: string } {
  const result = milestone.safeParse(body)
  if (result.success) return { ok: true, milestone: result.data }
  return {
    ok: false,
    message: `Invalid event: ${result.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`,
  }
}
