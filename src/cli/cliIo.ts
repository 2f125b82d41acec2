// What every command of the `react-cello` command shares: its input and output, its exit codes,
// its errors (values with a code), the parsing of its options, and the table it prints.
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Where a command reads and writes: the process's, or a test's. */
export interface CliIo {
  /** Writes to standard output (the result: a table, JSON). */
  out(text: string): void
  /** Writes to standard error (what went wrong, progress). */
  err(text: string): void
  /** The environment the command reads (`process.env`, plus `--env-file` for doctor). */
  env: Record<string, string | undefined>
  /** Standard input, read by `emulator` only (a getter, so the other commands never open it). */
  stdin(): NodeJS.ReadableStream
}

/** Exit codes: 0 all good, 1 something failed (an error finding, an event not found), 2 a usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/**
 * A failure the command reports in one sentence and an exit code: `usage` (a bad option or
 * argument, exit 2) or `failed` (the command could not do its work, exit 1).
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    readonly code: 'usage' | 'failed',
    message: string,
  ) {
    super(message)
  }
}

/** A usage error (exit 2). */
export const usage = (message: string) => new CliError('usage', message)

type Options = NonNullable<ParseArgsConfig['options']>
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const

/**
 * `node:util`'s parseArgs, strict, with `--help` added; its errors become usage errors. With
 * `positionals`, that many positional arguments at most.
 */
export function parseOptions<const O extends Options>(args: string[], options: O, positionals = 0) {
  let parsed
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: true, strict: true })
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error))
  }
  const loose: { values: object; positionals: string[] } = parsed
  const help = 'help' in loose.values && loose.values.help === true
  if (!help && loose.positionals.length > positionals)
    throw usage(`unexpected argument ${JSON.stringify(loose.positionals[positionals])}`)
  return parsed
}

/** `value` as a whole number within bounds, or a usage error naming `option`. */
export function integerOption(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw usage(`${option} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`)
  return number
}

/** Rows as aligned columns, the first row the header; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** A duration in words, to the coarsest unit that fits: `42 s`, `5 min`, `3 h`, `2 d`. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 120) return `${s} s`
  if (s < 7200) return `${Math.round(s / 60)} min`
  if (s < 172_800) return `${Math.round(s / 3600)} h`
  return `${Math.round(s / 86_400)} d`
}

/** A URL without its user, password, query and fragment: what may be printed of a connection string. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
  } catch {
    return '(not a URL)'
  }
}
