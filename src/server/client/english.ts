// zod/mini carries no messages of its own: an issue without one reads "Invalid input" unless a
// locale is configured. The server's schemas are zod/mini (a third of full zod's bytes in the
// server entry), so every parse passes this error map, which words the issues those schemas raise
// as zod's English locale does. Not z.config(z.locales.en()): that sets zod's global config, which
// is the app's too (its own locale or customError would change our messages, and ours its).
import type * as z from 'zod/mini'

type Issue = z.core.$ZodRawIssue

/** The names zod's English locale gives a type: `NaN`, `Infinity` for a non-finite number, else the name. */
function typeName(type: string, input?: unknown): string {
  if (type === 'number' && typeof input === 'number' && !Number.isFinite(input)) return String(input)
  return type === 'nan' ? 'NaN' : type
}

/** What the input is, as zod names it: `null`, `array`, `nan`, a class's name, or its `typeof`. */
function received(input: unknown): string {
  if (typeof input === 'number') return Number.isNaN(input) ? 'nan' : 'number'
  if (typeof input !== 'object') return typeof input
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  const constructor: unknown = 'constructor' in input ? input.constructor : undefined
  return Object.getPrototypeOf(input) !== Object.prototype && typeof constructor === 'function' && constructor.name
    ? constructor.name
    : 'object'
}

const quoted = (value: unknown) =>
  typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : String(value)

const FORMATS: Record<string, string> = { email: 'email address', url: 'URL', datetime: 'ISO datetime', regex: 'input' }

/**
 * The message zod's English locale gives `issue` (for the issue kinds the server's schemas raise;
 * anything else is "Invalid input"). Pass it to every parse: `schema.safeParse(value, { error: english })`.
 */
export function english(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${typeName(issue.expected)}, received ${typeName(received(issue.input), issue.input)}`
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${quoted(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(quoted).join('|')}`
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big'
      const bound = big ? issue.maximum : issue.minimum
      const adjective = issue.exact ? 'exactly ' : issue.inclusive ? (big ? '<=' : '>=') : big ? '<' : '>'
      const origin = big ? (issue.origin ?? 'value') : issue.origin
      const head = `${big ? 'Too big' : 'Too small'}: expected ${origin}`
      return issue.origin === 'string'
        ? `${head} to have ${adjective}${bound.toString()} characters`
        : `${head} to be ${adjective}${bound.toString()}`
    }
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `Invalid string: must match pattern ${String(issue.pattern)}`
        : `Invalid ${FORMATS[issue.format] ?? issue.format}`
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(quoted).join(', ')}`
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`
    default:
      return 'Invalid input'
  }
}
