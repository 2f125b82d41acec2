// The money rules of issue 20: an active ISO 4217 currency, a price with at most the currency's
// minor units of decimals and an amount a number counts exactly. Checked on buildEvent, which the
// client's track* builders and the outbox's enqueue share (the client's own tests check those).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CelloValidationError } from '../../../src/server'
import { buildEvent } from '../../../src/server/client/buildEvent'
import { currencyMinorUnits } from '../../../src/server/payments/currencyMinorUnits'

const newUser = { id: 'user-1', email: 'bob@example.com' }
const paid = (price: number, currency: string) => ({
  ucc: 'pNRB1aYqArN',
  newUser,
  price,
  currency,
  subscription: { invoiceId: 'in_1', interval: 'monthly' as const, productKey: 'Pro' },
})
const refunded = (price: number, currency: string) => ({
  ucc: 'pNRB1aYqArN',
  newUser,
  price,
  currency,
  subscription: { invoiceId: 'in_1' },
})

/** The `path: message` of each issue buildEvent refuses `input` with, or [] when it builds. */
function issues(
  trigger: 'invoice-paid' | 'charge-refunded',
  input: ReturnType<typeof paid | typeof refunded>,
): string[] {
  try {
    buildEvent(trigger, input)
    return []
  } catch (error) {
    expect(error).toBeInstanceOf(CelloValidationError)
    expect((error as CelloValidationError).code).toBe('validation_failed')
    return (error as CelloValidationError).issues.map((i) => `${i.path}: ${i.message}`)
  }
}

describe('currencyMinorUnits (ISO 4217)', () => {
  it('knows the active codes and their minor units', () => {
    expect(['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'KRW', 'BHD', 'KWD', 'CLF'].map(currencyMinorUnits)).toEqual([
      2, 2, 2, 2, 0, 0, 3, 3, 4,
    ])
  })
  it.each(['XXX', 'XTS', 'XAU', 'XDR', 'HRK', 'EEK', 'ZWL', 'eur', 'EURO', ''])('does not know %j', (code) => {
    expect(currencyMinorUnits(code)).toBeUndefined()
  })
})

describe('money rules', () => {
  it('accepts a price with at most the currency minor units of decimals', () => {
    expect(issues('invoice-paid', paid(49.99, 'EUR'))).toEqual([])
    expect(issues('invoice-paid', paid(0, 'EUR'))).toEqual([]) // a trial, a fully discounted invoice
    expect(issues('invoice-paid', paid(5000, 'JPY'))).toEqual([])
    expect(issues('invoice-paid', paid(1.234, 'bhd'))).toEqual([])
    expect(buildEvent('invoice-paid', paid(1.234, 'bhd')).payload).toMatchObject({ price: 1.234, currency: 'BHD' })
    expect(issues('charge-refunded', refunded(0.01, 'USD'))).toEqual([])
  })

  it('refuses what issue 20 found accepted: 1e308, 5e-324 and XXX', () => {
    expect(issues('invoice-paid', paid(1e308, 'EUR'))).toEqual([
      expect.stringMatching(/^price: must be at most \d+ EUR/),
    ])
    expect(issues('invoice-paid', paid(5e-324, 'EUR'))).toEqual([
      expect.stringMatching(/^price: must have at most 2 decimals in EUR/),
    ])
    expect(issues('charge-refunded', refunded(5e-324, 'EUR'))).toEqual([
      expect.stringMatching(/^price: must have at most 2 decimals in EUR/),
    ])
    expect(issues('invoice-paid', paid(10, 'XXX'))).toEqual([
      expect.stringMatching(/^currency: must be an active ISO 4217 currency code/),
    ])
  })

  it('refuses more decimals than the currency has, saying how to round', () => {
    expect(issues('invoice-paid', paid(49.999, 'EUR'))).toEqual([
      expect.stringContaining('price: must have at most 2 decimals in EUR (its minor unit, ISO 4217): round it'),
    ])
    expect(issues('invoice-paid', paid(0.1 + 0.2, 'USD'))).toEqual([expect.stringMatching(/^price: .*2 decimals/)])
    // Each example is written in its currency's own decimals: never "49.99 JPY".
    expect(issues('invoice-paid', paid(100.5, 'JPY'))).toEqual([
      'price: must be a whole number of JPY, which has no minor unit (ISO 4217)',
    ])
    expect(issues('invoice-paid', paid(1.2345, 'BHD'))).toEqual([
      expect.stringMatching(/^price: .*3 decimals in BHD.*\(4\.999 for 4\.999 BHD, not 4999\)$/),
    ])
  })

  it('refuses a negative price, a refund of 0 and a price that is not a finite number', () => {
    expect(issues('invoice-paid', paid(-1, 'EUR'))).toEqual(['price: must not be negative'])
    expect(issues('charge-refunded', refunded(0, 'EUR'))).toEqual([
      'price: must be the refunded amount, greater than 0',
    ])
    for (const price of [Infinity, -Infinity, NaN]) {
      expect(issues('invoice-paid', paid(price, 'EUR'))).toEqual([expect.stringMatching(/^price: /)])
    }
  })

  it('names a bad price beside every other bad field', () => {
    const input = { ...paid(49.999, 'EUR'), newUser: { id: 'user-1', email: 'nope' } }
    expect(issues('invoice-paid', input).map((issue) => issue.split(':')[0])).toEqual(['newUser.email', 'price'])
  })

  it('property: a whole number of minor units is accepted, anything between two of them is refused', () => {
    const currencies = fc.constantFrom('EUR', 'USD', 'JPY', 'KRW', 'BHD', 'KWD', 'CLF', 'CHF')
    fc.assert(
      fc.property(currencies, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (currency, minor) => {
        const scale = 10 ** currencyMinorUnits(currency)!
        // The price a system holding `minor` cents would send: the decimal string of minor / scale.
        const price = Number((minor / scale).toFixed(currencyMinorUnits(currency)!))
        if (Math.round(price * scale) !== minor) return // not representable exactly: nothing to check
        expect(issues('invoice-paid', paid(price, currency))).toEqual([])
      }),
    )
    fc.assert(
      fc.property(
        currencies,
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 9 }),
        (currency, minor, tenth) => {
          const units = currencyMinorUnits(currency)!
          // One more decimal than the currency has: between two amounts it can hold.
          const price = Number(`${(minor / 10 ** units).toFixed(units)}${units === 0 ? '.' : ''}${tenth}`)
          expect(issues('invoice-paid', paid(price, currency))).toEqual([expect.stringMatching(/^price: /)])
        },
      ),
    )
  })

  it('property: every number either builds, or is refused with a price issue; never sent unchecked', () => {
    fc.assert(
      fc.property(fc.double(), (price) => {
        const found = issues('invoice-paid', paid(price, 'EUR'))
        for (const issue of found) expect(issue).toMatch(/^price: /)
        if (found.length === 0) {
          expect(Number.isFinite(price) && price >= 0).toBe(true)
          expect(Math.abs(Math.round(price * 100) - price * 100)).toBeLessThan(1e-6 * Math.max(1, price))
        }
      }),
    )
  })
})
