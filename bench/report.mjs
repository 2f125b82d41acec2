// Where the benchmarks are written: one page per subject under docs/benchmarks/, and BENCHMARKS.md,
// the index, with each subject's headline figures against their baselines. A run that measures
// some subjects (`--only`) rewrites their pages and their rows of the index, and keeps the rest.
import { cpus, totalmem } from 'node:os'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const INDEX = new URL('BENCHMARKS.md', root)

/** Every subject, in the index's order. `suite` is written by hand (the suite's own times, not `npm run bench`). */
export const SUBJECTS = {
  size: 'Size',
  'time-to-code': 'Time to the code, renders and layout shift',
  bff: 'BFF',
  edge: 'Server side and Edge',
  outbox: 'Outbox',
  memory: 'Memory of the embedded outbox',
  suite: 'The test suite',
}

const pageLink = (subject) => `docs/benchmarks/${subject}.md`

/** The machine, for a page's first line. */
export function machine({ chromium } = {}) {
  const parts = [
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GB RAM`,
    `Node ${process.version}`,
  ]
  if (chromium) parts.push(chromium)
  return parts.join(', ')
}

/**
 * Writes docs/benchmarks/{subject}.md: a title, where it came from, then `section` (the subject's
 * `##` section as bench/run.mjs and bench/outboxReport.mjs build it). `produced`: the line saying
 * when and on what it was measured, when the section does not say it itself.
 */
export function writePage(subject, section, { produced } = {}) {
  const lines = [
    `# Benchmarks: ${SUBJECTS[subject]}`,
    '',
    `Back to [the index](../../BENCHMARKS.md).${produced ? ` ${produced}` : ''}`,
    '',
    ...section,
  ]
  while (lines.at(-1) === '') lines.pop()
  const url = new URL(pageLink(subject), root)
  mkdirSync(new URL('.', url), { recursive: true })
  writeFileSync(url, `${lines.join('\n')}\n`)
}

/** One row of the index: `figure`, react-cello's value, the baseline's, and the ratio of the two. */
export const headline = (subject, figure, ours, baseline, ratio) =>
  `| [${SUBJECTS[subject]}](${pageLink(subject)}) | ${figure} | ${ours} | ${baseline} | ${ratio} |`

const INDEX_HEAD = [
  '# Benchmarks',
  '',
  "The headline figures, each against its baseline (measured in the same run, except the suite's own",
  'times, whose page says how each was taken). The method, every figure, and what misses its aim are',
  "on the subject's page, one click away. Nothing here is a timed test: budgets on size are enforced in",
  '`npm test` (scripts/check-size.mjs); everything else is measured only.',
  '',
  '`npm run bench` measures every subject and rewrites its page and its rows here;',
  '`node bench/run.mjs --only size` (after `npm run build`), `--only time-to-code`, `--only bff`, `--only outbox`,',
  '`--only edge` or `--only memory`',
  "(set DATABASE_URL to include PostgreSQL) measures one and leaves the others' pages and rows as they were.",
  '',
  '| subject | figure | react-cello | baseline | ratio |',
  '| --- | --- | ---: | ---: | ---: |',
]

/** Rewrites BENCHMARKS.md with `rows` (subject → its headline rows) in place of those subjects' rows. */
export function updateIndex(rows) {
  const kept = new Map()
  const old = existsSync(INDEX) ? readFileSync(INDEX, 'utf8').split('\n') : []
  for (const line of old) {
    const subject = Object.keys(SUBJECTS).find((s) => line.startsWith(`| [${SUBJECTS[s]}](${pageLink(s)})`))
    if (subject) kept.set(subject, [...(kept.get(subject) ?? []), line])
  }
  const table = Object.keys(SUBJECTS).flatMap((subject) => rows[subject] ?? kept.get(subject) ?? [])
  writeFileSync(INDEX, `${[...INDEX_HEAD, ...table].join('\n')}\n`)
}
