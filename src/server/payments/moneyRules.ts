// What a price in an event may be (issue 20: 1e308, 5e-324 and currency XXX were accepted). Cello's
// v1 events take `price` in major units (`price: 100, currency: 'EUR'` in
// https://docs.cello.so/attribution/tracking-purchase), so an amount is checked against its
// currency's minor unit (ISO 4217, ./currencyMinorUnits): EUR 49.99, JPY 5000, BHD 1.234.
import * as z from 'zod/mini'
import type { CelloValidationIssue } from '../client/CelloApiError'
import { currencyMinorUnits } from './currencyMinorUnits'

/**
 * The largest price an event may carry: one number for every currency (in its major units), or one
 * per currency (`{ EUR: 5000, JPY: 800000 }`), in which case a currency not listed is refused.
 */
export type MaxPrice = number | Readonly<Record<string, number>>

/** A currency code as the builders take it: three letters, any case, sent upper-case. */
export const currencySchema = z.pipe(
  z.string('must be a string').check(z.regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR')),
  z
    .transform((code: string) => code.toUpperCase())
    .check(
      z.refine((code: string) => currencyMinorUnits(code) !== undefined, {
        message: 'must be an active ISO 4217 currency code (not XXX, XTS or a metal) such as EUR, USD or JPY',
        abort: true,
      }),
    ),
)

/** `createCelloClient`'s `maxPrice` option: a positive number, or one per active currency code. */
export const maxPriceSchema = z.union(
  [
    z.number().check(z.positive('must be greater than 0')),
    z.record(
      z
        .string()
        .check(z.refine((code) => currencyMinorUnits(code) !== undefined, 'must be an upper-case ISO 4217 code')),
      z.number().check(z.positive('must be greater than 0')),
    ),
  ],
  'must be a number greater than 0, or one per currency code ({ EUR: 5000 })',
)

/**
 * What is wrong with `price` in `currency` (already upper-case) beyond its sign: more decimals than
 * the currency's minor unit, or more minor units than a number counts exactly (2^53 − 1). Empty
 * when it is fine, or when `currency` is not a known code (the currency's own issue says so).
 */
export function priceIssues(price: number, currency: string): CelloValidationIssue[] {
  const units = currencyMinorUnits(currency)
  if (units === undefined || !Number.isFinite(price)) return []
  const scale = 10 ** units
  if (Math.abs(price) * scale > Number.MAX_SAFE_INTEGER) {
    const most = Math.floor(Number.MAX_SAFE_INTEGER / scale)
    return [{ path: 'price', message: `must be at most ${most} ${currency}: a larger amount cannot be exact` }]
  }
  // A price with at most `units` decimals is the number its rounding to `units` decimals parses to.
  if (Number(price.toFixed(units)) === price) return []
  const message =
    units === 0
      ? `must be a whole number of ${currency}, which has no minor unit (ISO 4217)`
      : `must have at most ${units} decimals in ${currency} (its minor unit, ISO 4217): round it, e.g. Math.round(price * ${scale}) / ${scale}; Cello takes major units (${(4999 / scale).toFixed(units)} for ${(4999 / scale).toFixed(units)} ${currency}, not ${4999})`
  return [{ path: 'price', message }]
}

/** The issue of a price over `maxPrice`, or `null`. */
export function maxPriceIssue(
  price: number,
  currency: string,
  maxPrice: MaxPrice | undefined,
): CelloValidationIssue | null {
  if (maxPrice === undefined) return null
  const most = typeof maxPrice === 'number' ? maxPrice : maxPrice[currency]
  if (most === undefined) {
    return {
      path: 'currency',
      message: `is not one of the currencies createCelloClient's maxPrice lists (${Object.keys(maxPrice).join(', ')})`,
    }
  }
  return price > most
    ? { path: 'price', message: `must be at most ${most} ${currency} (createCelloClient's maxPrice)` }
    : null
}
