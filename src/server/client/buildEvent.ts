// Turns a builder's input into Cello's v1 envelope: eventName, trigger, an ISO-8601 UTC timestamp,
// and the organization-level rule of https://docs.cello.so/attribution/tracking-signups. Everything is validated before anything is sent.
import * as z from 'zod'
import { CelloValidationError } from './CelloApiError'
import { currencySchema, maxPriceIssue, priceIssues, type MaxPrice } from '../payments/moneyRules'
import {
  idSchema,
  keySchema,
  newUserSchema,
  parseInput,
  subscriptionIntervals,
  subscriptionSchema,
  uccSchema,
} from './schemas'
import type { CelloEventEnvelope, CelloEventTrigger, EventSubject, TrackMilestoneInput } from './types'

const timestampSchema = z
  .union([z.date(), z.string()])
  .optional()
  .transform((value, ctx) => {
    const date = value === undefined ? new Date() : new Date(value)
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be a Date or an ISO-8601 date-time' })
      return z.NEVER
    }
    return date.toISOString()
  })

const subject = z.object({
  ucc: uccSchema,
  newUserId: idSchema.optional(),
  newUser: newUserSchema.extend({ id: idSchema }),
  timestamp: timestampSchema,
})

const withEmail = subject.extend({
  newUser: newUserSchema.extend({ id: idSchema, email: z.email('must be an email address') }),
})
// z.number() refuses NaN and ±Infinity; the sign is each trigger's own.
const money = { price: z.number('must be a number'), currency: currencySchema }

/** The price's issues that need its currency (decimals, magnitude), beside any other field's. */
function checkPrice(value: { price?: unknown; currency?: unknown }, ctx: z.RefinementCtx) {
  if (typeof value.price !== 'number' || typeof value.currency !== 'string') return
  for (const { path, message } of priceIssues(value.price, value.currency))
    ctx.addIssue({ code: 'custom', path: [path], message })
}

/** The schema of each trigger's input (the `track*` builders' and the outbox's `enqueue`). */
export const eventInputSchemas = {
  'new-signup': withEmail,
  'demo-call-attended': subject,
  'invoice-paid': withEmail
    .extend({
      ...money,
      price: money.price.nonnegative('must not be negative'),
      subscription: subscriptionSchema.extend({
        invoiceId: idSchema,
        interval: z.enum(subscriptionIntervals),
        productKey: keySchema,
      }),
    })
    .superRefine(checkPrice),
  'charge-refunded': subject
    .extend({
      ...money,
      price: money.price.positive('must be the refunded amount, greater than 0'),
      subscription: subscriptionSchema.extend({ invoiceId: idSchema }),
    })
    .superRefine(checkPrice),
} satisfies Record<CelloEventTrigger, z.ZodType>

/** What any trigger's schema gives: the subject, and for money events the price and subscription. */
type EventData = z.output<typeof subject> & {
  price?: number
  currency?: string
  subscription?: z.output<typeof subscriptionSchema>
}

/**
 * Builds and validates the v1 envelope for `trigger`; throws a CelloValidationError naming every bad
 * field. `maxPrice` is createCelloClient's (see {@link maxPriceIssue}).
 */
export function buildEvent(
  trigger: CelloEventTrigger,
  input: EventSubject | TrackMilestoneInput,
  { maxPrice }: { maxPrice?: MaxPrice } = {},
): CelloEventEnvelope {
  const data: EventData = parseInput(eventInputSchemas[trigger], input, `The ${trigger} event`)
  const over = data.price === undefined || !data.currency ? null : maxPriceIssue(data.price, data.currency, maxPrice)
  if (over) throw new CelloValidationError(`The ${trigger} event`, [over])
  const newUserId = data.newUserId ?? data.newUser.id
  if (newUserId !== data.newUser.id && newUserId !== data.newUser.organizationId) {
    throw new CelloValidationError(`The ${trigger} event`, [
      {
        path: 'newUserId',
        message:
          'must be newUser.id, or newUser.organizationId for organization-level attribution (set both to the organization id)',
      },
    ])
  }
  return {
    eventName: 'ReferralUpdated',
    payload: {
      ucc: data.ucc,
      newUserId,
      ...(data.price !== undefined ? { price: data.price, currency: data.currency } : {}),
    },
    context: {
      newUser: data.newUser,
      event: { trigger, timestamp: data.timestamp },
      ...(data.subscription ? { subscription: data.subscription } : {}),
    },
  }
}
