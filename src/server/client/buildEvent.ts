// Turns a builder's input into Cello's v1 envelope: eventName, trigger, an ISO-8601 UTC timestamp,
// and the organization-level rule of https://docs.cello.so/attribution/tracking-signups. Everything is validated before anything is sent.
import * as z from 'zod/mini'
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

const toDate = (value: Date | string | undefined) => (value === undefined ? new Date() : new Date(value))

const timestampSchema = z.pipe(
  z.optional(
    z
      .union([z.date(), z.string()])
      .check(z.refine((value) => !Number.isNaN(toDate(value).getTime()), 'must be a Date or an ISO-8601 date-time')),
  ),
  z.transform((value: Date | string | undefined) => toDate(value).toISOString()),
)

const subject = z.object({
  ucc: uccSchema,
  newUserId: z.optional(idSchema),
  newUser: z.extend(newUserSchema, { id: idSchema }),
  timestamp: timestampSchema,
})

const withEmail = z.extend(subject, {
  newUser: z.extend(newUserSchema, { id: idSchema, email: z.email('must be an email address') }),
})
// z.number() refuses NaN and ±Infinity; the sign is each trigger's own.
const price = () => z.number('must be a number')

/** The price's issues that need its currency (decimals, magnitude), beside any other field's. */
const checkPrice = z.superRefine((value: { price?: unknown; currency?: unknown }, ctx) => {
  if (typeof value.price !== 'number' || typeof value.currency !== 'string') return
  for (const { path, message } of priceIssues(value.price, value.currency))
    ctx.addIssue({ code: 'custom', path: [path], message })
})

/** The schema of each trigger's input (the `track*` builders' and the outbox's `enqueue`). */
export const eventInputSchemas = {
  'new-signup': withEmail,
  'demo-call-attended': subject,
  'invoice-paid': z
    .extend(withEmail, {
      price: price().check(z.nonnegative('must not be negative')),
      currency: currencySchema,
      subscription: z.extend(subscriptionSchema, {
        invoiceId: idSchema,
        interval: z.enum(subscriptionIntervals),
        productKey: keySchema,
      }),
    })
    .check(checkPrice),
  'charge-refunded': z
    .extend(subject, {
      price: price().check(z.positive('must be the refunded amount, greater than 0')),
      currency: currencySchema,
      subscription: z.extend(subscriptionSchema, { invoiceId: idSchema }),
    })
    .check(checkPrice),
} satisfies Record<CelloEventTrigger, z.ZodMiniType>

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
