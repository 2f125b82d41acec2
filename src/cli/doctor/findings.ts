// What `react-cello doctor` reports: findings, each an id, a severity, a sentence and the fix; as a
// table for a person, or JSON for CI.
import { table } from '../cliIo'

/** `error` fails the run (exit 1); `warn` is worth a look; `info` is a check that passed, or what it saw. */
type Severity = 'error' | 'warn' | 'info'

/** One thing doctor found. Never holds a secret, nor any part of one. */
export interface Finding {
  /** Stable, for CI and docs: `keys.refused`, `outbox.held`… */
  id: string
  severity: Severity
  /** What was found, in one sentence. */
  message: string
  /** What to do about it. */
  fix?: string
}

/** The JSON of `doctor --json`. */
export interface DoctorReport {
  /** `false` when any finding is an error (the exit code is then 1). */
  ok: boolean
  summary: Record<Severity, number>
  findings: Finding[]
}

export function report(findings: Finding[]): DoctorReport {
  const summary: Record<Severity, number> = { error: 0, warn: 0, info: 0 }
  for (const finding of findings) summary[finding.severity] += 1
  return { ok: summary.error === 0, summary, findings }
}

const LABEL: Record<Severity, string> = { error: 'ERROR', warn: 'warn', info: 'ok' }

/** The report as a table: one row per finding, its fix on the line below. */
export function renderReport({ summary, findings }: DoctorReport, heading: string): string {
  const rows: string[][] = [['', 'check', 'finding']]
  for (const finding of findings) {
    rows.push([LABEL[finding.severity], finding.id, finding.message])
    if (finding.fix) rows.push(['', '', `fix: ${finding.fix}`])
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return `${heading}\n\n${table(rows)}\n\n${plural(summary.error, 'error')}, ${plural(summary.warn, 'warning')}, ${plural(summary.info, 'check')} passed\n`
}
