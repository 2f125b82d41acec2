/**
 * The campaign's new-user offer, as far as the package can read it from Cello's
 * `getCampaignConfig`. Cello documents what the answer holds (a discount as a fraction, 0.1 = 10 %,
 * and a duration in months) but not its property names (FACTS §1.5), so every field is optional
 * and `raw` keeps the whole answer.
 */
export interface CampaignConfig {
  /** The new user's discount as a fraction: `0.5` is 50 %. */
  discountPercentage?: number
  /** How many months the new user's discount lasts. */
  discountMonths?: number
  /** The script's answer as it came, for fields this package does not interpret. */
  raw: Readonly<Record<string, unknown>>
}

function findNumber(record: Record<string, unknown>, pattern: RegExp): number | undefined {
  for (const [key, value] of Object.entries(record)) {
    if (pattern.test(key) && typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      return value
    }
  }
  return undefined
}

/**
 * Reads a campaign config loosely: any object is accepted; the discount is the first non-negative
 * number under a key that mentions "percent" or "discount" (a value above 1 is taken as a
 * percentage and divided by 100), the duration the first under a key that mentions "month" or
 * "duration". Returns `null` for anything that is not a plain object.
 */
export function parseCampaignConfig(value: unknown): CampaignConfig | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const raw = value as Record<string, unknown>
  const config: CampaignConfig = { raw }
  const percentage = findNumber(raw, /percent|discount(?!.*(month|duration))/i)
  if (percentage !== undefined) config.discountPercentage = percentage > 1 ? percentage / 100 : percentage
  const months = findNumber(raw, /month|duration/i)
  if (months !== undefined) config.discountMonths = months
  return config
}
