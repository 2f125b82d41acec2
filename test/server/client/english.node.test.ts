// The server's schemas are zod/mini, whose issues carry no message unless a locale is set; the
// `english` error map words them. Its messages must be the ones zod's English locale (what full zod
// prints by default) gives the same issue: users' error messages did not change with the switch.
import { describe, expect, it } from 'vitest'
import * as zod from 'zod'
import * as z from 'zod/mini'
import { english } from '../../../src/server/client/english'

const locale = zod.locales.en().localeError

/** Every issue kind the server's schemas can raise, each with inputs that raise it. */
const cases: [string, z.ZodMiniType, unknown[]][] = [
  ['string', z.string(), [undefined, null, 1, Number.NaN, Infinity, -Infinity, true, [], {}, new Date(0), 10n]],
  ['number', z.number(), ['1', Number.NaN, Infinity, null, new Map()]],
  ['date', z.date(), ['2026-01-01', new Date(Number.NaN)]],
  ['boolean', z.boolean(), ['true']],
  ['undefined', z.undefined(), ['x']],
  ['object', z.object({ a: z.string() }), [null, [], 'x', { a: 1 }, {}]],
  ['strict object', z.strictObject({ a: z.optional(z.string()) }), [{ b: 1 }, { b: 1, c: 2 }]],
  ['enum', z.enum(['api', 'stripe']), ['x', 1]],
  ['literal', z.literal('ReferralUpdated'), ['x']],
  ['literal number', z.literal(1), [2]],
  ['min length', z.string().check(z.minLength(1)), ['']],
  ['max length', z.string().check(z.maxLength(3)), ['abcd']],
  ['regex', z.string().check(z.regex(/^[a-z]+$/)), ['A']],
  ['positive', z.number().check(z.positive()), [0, -1]],
  ['nonnegative', z.number().check(z.nonnegative()), [-1]],
  ['int', z.int(), [1.5, 2 ** 60, '1']],
  ['finite', z.number(), [Infinity]],
  ['email', z.email(), ['not an email']],
  ['url', z.url(), ['not a url']],
  ['datetime', z.iso.datetime({ offset: true }), ['yesterday']],
  ['union', z.union([z.string(), z.number()]), [null, {}]],
  ['record', z.record(z.string().check(z.refine((key) => key === key.toUpperCase())), z.number()), [{ eur: 1 }]],
]

describe('english (zod/mini issues worded as zod’s English locale)', () => {
  for (const [name, schema, inputs] of cases) {
    it(`words ${name} issues as full zod does`, () => {
      for (const input of inputs) {
        const seen: z.core.$ZodRawIssue[] = []
        const result = schema.safeParse(input, {
          error: (issue) => {
            seen.push(issue)
            return english(issue)
          },
        })
        expect(result.success, `${name} should refuse ${String(input)}`).toBe(false)
        // zod words the issues when the error is first read.
        expect(result.error?.issues.length).toBeGreaterThan(0)
        expect(seen.length).toBeGreaterThan(0)
        for (const issue of seen) expect(english(issue)).toBe(locale(issue as never))
      }
    })
  }

  it('keeps a schema’s own message: the error map only words issues without one', () => {
    const result = z.string('must be a string').safeParse(1, { error: english })
    expect(result.error?.issues[0]?.message).toBe('must be a string')
  })

  it('gives the message full zod gives for the same schema', () => {
    const mini = z.object({ n: z.number().check(z.positive()), e: z.enum(['a', 'b']) })
    const full = zod.object({ n: zod.number().positive(), e: zod.enum(['a', 'b']) })
    const input = { n: -1, e: 'c' }
    expect(mini.safeParse(input, { error: english }).error?.issues).toEqual(full.safeParse(input).error?.issues)
  })
})
