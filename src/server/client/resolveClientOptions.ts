import * as z from 'zod'
import { CELLO_API_URLS, type CelloClientOptions } from './CelloClient'
import type { RetryOptions } from './celloTransport'
import { sourcesSchema, type ResolvedCelloSources } from './duplicateSourceError'
import { maxPriceSchema, type MaxPrice } from '../payments/moneyRules'
import { parseInput } from './schemas'

// z.number() refuses NaN and ±Infinity.
const delaySchema = z.number('must be a finite number of milliseconds').nonnegative('must not be negative').optional()

// The keys are checked at the first call, not here: a build (next build, a Docker image) creates
// the client with no keys in its environment, and must not fail for it.
const keysSchema = z.object({
  accessKeyId: z
    .string('is required (set it from CELLO_ACCESS_KEY_ID)')
    .min(1, 'is required (set it from CELLO_ACCESS_KEY_ID)'),
  secretAccessKey: z
    .string('is required (set it from CELLO_SECRET_ACCESS_KEY)')
    .min(1, 'is required (set it from CELLO_SECRET_ACCESS_KEY)'),
})

const optionsSchema = z.object({
  accessKeyId: z.string('must be a string').optional(),
  secretAccessKey: z.string('must be a string').optional(),
  environment: z.enum(['production', 'sandbox']).optional(),
  baseUrl: z.url('must be an absolute http(s) URL').optional(),
  timeoutMs: z.number().int().positive().optional(),
  sources: sourcesSchema.optional(),
  maxPrice: maxPriceSchema.optional(),
  retry: z
    .object({
      retries: z
        .number('must be a number')
        .int('must be a whole number')
        .nonnegative('must not be negative')
        .optional(),
      maxElapsedMs: delaySchema,
      baseDelayMs: delaySchema,
      maxDelayMs: delaySchema,
      events: z.enum(['safe', 'always', 'never']).optional(),
    })
    .optional(),
})
/** `createCelloClient`'s options, checked and with every default applied. */
export interface ResolvedClientOptions {
  /** Empty when not given: the keys are checked by `checkKeys` at the first call that needs a token. */
  accessKeyId: string
  secretAccessKey: string
  environment: 'production' | 'sandbox'
  /** Without a trailing slash. */
  baseUrl: string
  timeoutMs: number
  retry: Required<RetryOptions>
  sources: ResolvedCelloSources
  maxPrice: MaxPrice | undefined
  /** Throws a `validation_failed` CelloValidationError naming the missing key. */
  checkKeys(): void
}

/**
 * Checks `createCelloClient`'s options with zod (a bad field is a `validation_failed` error naming
 * it) and applies the defaults. A field given as `undefined` keeps its default.
 */
export function resolveClientOptions(options: CelloClientOptions): ResolvedClientOptions {
  const checked = parseInput(optionsSchema, options ?? {}, 'createCelloClient options')
  const environment = checked.environment ?? 'production'
  return {
    accessKeyId: checked.accessKeyId ?? '',
    secretAccessKey: checked.secretAccessKey ?? '',
    environment,
    baseUrl: (checked.baseUrl ?? CELLO_API_URLS[environment]).replace(/\/+$/, ''),
    timeoutMs: checked.timeoutMs ?? 10_000,
    // A plain spread would copy a field given as undefined over its default.
    retry: {
      retries: checked.retry?.retries ?? 2,
      maxElapsedMs: checked.retry?.maxElapsedMs ?? 10_000,
      baseDelayMs: checked.retry?.baseDelayMs ?? 250,
      maxDelayMs: checked.retry?.maxDelayMs ?? 5_000,
      events: checked.retry?.events ?? 'safe',
    },
    sources: Object.freeze({
      purchases: checked.sources?.purchases ?? 'api',
      signups: checked.sources?.signups ?? 'api',
    }),
    maxPrice: typeof checked.maxPrice === 'object' ? Object.freeze({ ...checked.maxPrice }) : checked.maxPrice,
    checkKeys: () =>
      void parseInput(
        keysSchema,
        { accessKeyId: checked.accessKeyId, secretAccessKey: checked.secretAccessKey },
        'createCelloClient options (at the first call)',
      ),
  }
}
