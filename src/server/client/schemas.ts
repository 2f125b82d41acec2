// zod schemas for every request react-cello sends to Cello and every response it reads, written
// from Cello's OpenAPI document (v1, https://docs.cello.so/api-reference/introduction). Requests are checked before
// anything is sent; responses are checked before anything is returned. zod/mini, not zod: the same
// checks at a third of the bytes in the server entry (issue 25); `english` words their messages.
import * as z from 'zod/mini'
import { CelloValidationError } from './CelloApiError'
import { english } from './english'
import { currencyMinorUnits } from '../payments/currencyMinorUnits'
import { priceIssues } from '../payments/moneyRules'
import { MAX_ID_LENGTH } from '../../shared/referralCode'

/** True when `value` holds a control character (`\p{Cc}`: NUL, tab, CR, LF, DEL, C1…). */
export const hasControlCharacter = (value: string): boolean => /\p{Cc}/u.test(value)

/** The message of every id that holds a control character. */
const CONTROL_CHARACTER_RULE = 'must not contain control characters (NUL, tab, CR, LF…)'

// A missing required field says so, rather than zod's "expected string, received undefined".
const stringOrRequired = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })

/** The message of every id, key or code longer than {@link MAX_ID_LENGTH}. */
const LENGTH_RULE = `must be at most ${MAX_ID_LENGTH} characters`

/**
 * An id of yours (user, organization, invoice, subscription): a non-empty string of at most
 * {@link MAX_ID_LENGTH} (255) characters, with no control character. An id with leading or trailing whitespace is refused
 * rather than trimmed: trimming would send Cello a different id from the one your other systems
 * (Stripe's `new_user_id`, the widget token) use. A control character (a NUL, a CR or LF) is
 * refused because no real id holds one: it is a bug or an injection, and it would end up in
 * Cello's records, in log lines and in the outbox's keys.
 */
export const idSchema = stringOrRequired().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(MAX_ID_LENGTH, LENGTH_RULE),
  z.refine((value) => value.trim() === value, { message: 'must not start or end with whitespace', abort: true }),
  z.refine((value) => !hasControlCharacter(value), CONTROL_CHARACTER_RULE),
)

/** A name-like key of yours (`subscription.productKey`): 1 to {@link MAX_ID_LENGTH} characters, no control character. */
export const keySchema = stringOrRequired().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(MAX_ID_LENGTH, LENGTH_RULE),
  z.refine((value) => !hasControlCharacter(value), CONTROL_CHARACTER_RULE),
)

/** A referral code as Cello's API takes it (1 to {@link MAX_ID_LENGTH} characters, no spaces or slashes). */
export const uccSchema = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_ID_LENGTH, LENGTH_RULE),
    z.regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "-" and "_"'),
  )

/** The triggers of Cello's v1 events. */
export const eventTriggers = ['new-signup', 'demo-call-attended', 'invoice-paid', 'charge-refunded'] as const
/** Billing intervals Cello's v1 events accept. */
export const subscriptionIntervals = [
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

export const newUserSchema = z.object({
  id: z.optional(idSchema),
  email: z.optional(z.email('must be an email address')),
  name: z.optional(z.string().check(z.maxLength(MAX_ID_LENGTH))),
  organizationId: z.optional(idSchema),
})

export const subscriptionSchema = z.object({
  id: z.optional(idSchema),
  invoiceId: z.optional(idSchema),
  interval: z.optional(z.enum(subscriptionIntervals)),
  seatsUsed: z.optional(z.number().check(z.int('must be an integer'), z.nonnegative())),
  productKey: z.optional(keySchema),
})

/**
 * `POST /events` body (v1 envelope). The money rules of the builders (./moneyRules) hold here too; a
 * `price` of 0 may come with an empty `currency`, as in Cello's own `new-signup` example.
 */
export const eventEnvelopeSchema = z
  .object({
    eventName: z.literal('ReferralUpdated'),
    payload: z.object({
      ucc: uccSchema,
      newUserId: idSchema,
      price: z.optional(z.number('must be a number').check(z.nonnegative('must not be negative'))),
      currency: z.optional(
        z.pipe(
          z.string('must be a string'),
          z.transform((code) => code.toUpperCase()),
        ),
      ),
    }),
    context: z.looseObject({
      event: z.object({
        trigger: z.enum(eventTriggers),
        timestamp: z.iso.datetime({ offset: true }),
      }),
      newUser: z.optional(newUserSchema),
      subscription: z.optional(subscriptionSchema),
    }),
  })
  .check(
    z.superRefine(({ payload: { price, currency }, context }, ctx) => {
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: ['payload', field], message })
      if (context.event.trigger === 'charge-refunded' && price === 0)
        issue('price', 'must be the refunded amount, greater than 0')
      if (currency && currencyMinorUnits(currency) === undefined)
        issue('currency', 'must be an active ISO 4217 currency code such as EUR')
      else if (price !== undefined && price !== 0 && !currency) issue('currency', 'is required with a price')
      else if (price !== undefined && currency)
        for (const { message } of priceIssues(price, currency)) issue('price', message)
    }),
  )

/**
 * The name of a referrer's moment for `MilestoneReached` (Cello's example: `five-presentations-viewed`):
 * letters, digits, `.`, `-` and `_`, so that the outbox key `milestone-reached:<trigger>:<productUserId>`
 * reads back unambiguously.
 */
export const milestoneTriggerSchema = z
  .string('must be a string')
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(100, 'must be at most 100 characters'),
    z.regex(/^[A-Za-z0-9._-]+$/, 'must contain only letters, digits, ".", "-" and "_"'),
  )

/**
 * `POST /events` body of a behaviour-based trigger, as Cello's guide shows it
 * (https://docs.cello.so/guides/best-practices/behavior-based-triggers). Not in the v1 OpenAPI
 * document, whose envelope names only `ReferralUpdated`.
 */
export const milestoneEnvelopeSchema = z.object({
  eventName: z.literal('MilestoneReached'),
  payload: z.object({ productUserId: idSchema }),
  context: z.looseObject({ event: z.object({ trigger: milestoneTriggerSchema }) }),
})

const nonEmpty = () => z.string().check(z.minLength(1))
const positiveInt = () => z.number().check(z.int(), z.positive())

export const tokenResponseSchema = z.object({
  accessToken: nonEmpty(),
  refreshToken: nonEmpty(),
  expiresIn: positiveInt(),
  refreshTokenExpiresIn: positiveInt(),
})

export const refreshTokenResponseSchema = z.object({
  accessToken: nonEmpty(),
  expiresIn: positiveInt(),
})

export const referralCodeValidationSchema = z.object({
  code: z.string(),
  productUserId: z.optional(z.string()),
  valid: z.boolean(),
  campaignId: z.optional(z.string()),
})

export const activeLinkSchema = z.object({
  activeUcc: nonEmpty(),
  link: nonEmpty(),
})

const rewardSchema = z.object({
  type: z.enum(['standard', 'custom']),
  interval: z.string(),
  intervalCount: z.nullish(z.number()),
  percentage: z.nullish(z.number()),
})

export const rewardEligibilitySchema = z.object({
  eligible: z.boolean(),
  reward: z.nullish(rewardSchema),
  signupId: z.optional(z.string()),
  signupAt: z.optional(z.string()),
  referralUcc: z.optional(z.string()),
  campaignId: z.optional(z.string()),
  campaignRevision: z.optional(z.string()),
})

export const eventResponseSchema = z.object({ success: z.optional(z.boolean()) })

/** Cello's error body: `{ message }`. */
export const errorBodySchema = z.object({ message: z.string() })

/** `schema.safeParse(input)`, with zod's English messages for issues that carry none of their own. */
export const safeParse = <T extends z.core.$ZodType>(schema: T, input: unknown) =>
  z.safeParse(schema, input, { error: english })

/** Parses `input` or throws a {@link CelloValidationError} naming every bad field. */
export function parseInput<T extends z.core.$ZodType>(
  schema: T,
  input: unknown,
  what: string,
  prefix = '',
): z.output<T> {
  const result = safeParse(schema, input)
  if (result.success) return result.data
  throw new CelloValidationError(
    what,
    result.error.issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  )
}
