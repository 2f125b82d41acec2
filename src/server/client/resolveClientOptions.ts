import * as z from 'zod/mini'
import { CELLO_API_URLS, type CelloClientOptions } from './CelloClient'
import type { RetryOptions } from './celloTransport'
import { sourcesSchema, type ResolvedCelloSources } from './duplicateSourceError'
import { maxPriceSchema, type MaxPrice } from '../payments/moneyRules'
import { parseInput } from './schemas'

// z.number() refuses NaN and ±Infinity.
const delaySchema = z.optional(
  z.number('must be a finite number of milliseconds').check(z.nonnegative('must not be negative')),
)

// The keys are checked at the first call, not here: a build (next build, a Docker image) creates
// the client with no keys in its environment, and must not fail for it.
const keysSchema = z.object({
  accessKeyId: z
    .string('is required (set it from CELLO_ACCESS_KEY_ID)')
    .check(z.minLength(1, 'is required (set it from CELLO_ACCESS_KEY_ID)')),
  secretAccessKey: z
    .string('is required (set it from CELLO_SECRET_ACCESS_KEY)')
    .check(z.minLength(1, 'is required (set it from CELLO_SECRET_ACCESS_KEY)')),
})

const optionsSchema = z.object({
  accessKeyId: z.optional(z.string('must be a string')),
  secretAccessKey: z.optional(z.string('must be a string')),
  environment: z.optional(z.enum(['production', 'sandbox'])),
  baseUrl: z.optional(z.url('must be an absolute http(s) URL')),
  timeoutMs: z.optional(z.number().check(z.int(), z.positive())),
  sources: z.optional(sourcesSchema),
  maxPrice: z.optional(maxPriceSchema),
  retry: z.optional(
    z.object({
      retries: z.optional(
        z.number('must be a number').check(z.int('must be a whole number'), z.nonnegative('must not be negative')),
      ),
      maxElapsedMs: delaySchema,
      baseDelayMs: delaySchema,
      maxDelayMs: delaySchema,
      events: z.optional(z.enum(['safe', 'always', 'never'])),
    }),
  ),
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
