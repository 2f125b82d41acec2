/**
 * The campaign's new-user offer, as far as the package can read it from Cello's
 * `getCampaignConfig`. Cello documents what the answer holds (a discount as a fraction, 0.1 = 10 %,
 * and a duration in months) but not its property names
 * (https://docs.cello.so/sdk/client-side/attribution-js-introduction), so every field is optional
 * and `raw` keeps the whole answer.
 */
export interface CampaignConfig {
  /** The new user's discount as a fraction: `0.5` is 50 %. Only values in (0, 1] are read. */
  discountPercentage?: number
  /** How many months the new user's discount lasts: a whole number from 1 to 120. */
  discountMonths?: number
  /** The script's answer as it came, for fields this package does not interpret. */
  raw: Readonly<Record<string, unknown>>
}

/** The first number under a key matching `pattern` that `valid` accepts. */
function findNumber(
  record: Record<string, unknown>,
  pattern: RegExp,
  valid: (value: number) => boolean,
): number | undefined {
  for (const [key, value] of Object.entries(record)) {
    if (pattern.test(key) && typeof value === 'number' && valid(value)) return value
  }
  return undefined
}

// The script's answer is shown as an offer, so only believable values are read: a discount is a
// fraction above 0 and at most 1 (0.5 = 50 %, per https://docs.cello.so/guides/user-experience/new-user-discounts),
// and a duration is a whole number of months up to ten years. Anything else is treated as absent.
const isDiscount = (value: number) => value > 0 && value <= 1
const isMonths = (value: number) => Number.isInteger(value) && value >= 1 && value <= 120

/**
 * Reads a campaign config loosely: any object is accepted; the discount is the first number in
 * (0, 1] under a key that mentions "percent" or "discount", the duration the first whole number
 * from 1 to 120 under a key that mentions "month" or "duration". Other values are treated as
 * absent. Returns `null` for anything that is not a plain object.
 */
export function parseCampaignConfig(value: unknown): CampaignConfig | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const raw: Record<string, unknown> = Object.fromEntries(Object.entries(value))
  const config: CampaignConfig = { raw }
  const percentage = findNumber(raw, /percent|discount(?!.*(month|duration))/i, isDiscount)
  if (percentage !== undefined) config.discountPercentage = percentage
  const months = findNumber(raw, /month|duration/i, isMonths)
  if (months !== undefined) config.discountMonths = months
  return config
}
