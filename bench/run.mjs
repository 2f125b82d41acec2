// npm run bench: every figure from one run on this machine, each beside its baseline from the same
// run, written to BENCHMARKS.md. `node bench/run.mjs --only outbox` measures the outbox alone and
// rewrites only its section, keeping the others (the full run takes minutes of Chromium timing).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { measureBff } from './bff.mjs'
import { measureEdge } from './edge.mjs'
import { measureOutbox } from './outbox.mjs'
import { OUTBOX_HEADING, outboxSection } from './outboxReport.mjs'
import { measureSizes } from './size.mjs'
import { measureGuaranteeCosts } from './sizeCosts.mjs'
import { measureTimeToCode, median } from './timeToCode.mjs'

const target = new URL('../BENCHMARKS.md', import.meta.url)
const ONLY_NOTE =
  'The size, outbox and server-side/Edge sections can be measured and rewritten alone with `node bench/run.mjs --only size` (after `npm run build`), `--only outbox` or `--only edge` (set DATABASE_URL to include PostgreSQL); the other sections stay as the last full run left them.'
/** How every version of the note above begins, so that a rewrite replaces an older wording. */
const ONLY_NOTE_START = 'The outbox and the server-side/Edge sections can be measured'
const onlyIndex = process.argv.indexOf('--only')
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : null
if (only !== null && only !== 'outbox' && only !== 'edge' && only !== 'size')
  throw new Error(`--only takes "size", "outbox" or "edge" (got ${JSON.stringify(only)})`)
const EDGE_HEADING = '## Server side and Edge'
const SIZE_HEADING = '## Size (min + gzip, esbuild, ESM, browser, production; peers excluded)'

/** `markdown` with the section under `heading` replaced by `section` (appended when missing), and the note on --only in its header. */
function splice(markdown, heading, section) {
  const lines = markdown.split('\n')
  const start = lines.indexOf(heading)
  if (start < 0) lines.push(...(lines.at(-1) === '' ? [] : ['']), ...section)
  else {
    const next = lines.findIndex((line, i) => i > start && line.startsWith('## '))
    lines.splice(start, (next < 0 ? lines.length : next) - start, ...section)
  }
  const oldNote = lines.findIndex((line) => line !== ONLY_NOTE && line.startsWith(ONLY_NOTE_START))
  if (oldNote >= 0) lines.splice(oldNote, 1, ONLY_NOTE)
  if (!lines.includes(ONLY_NOTE)) {
    const firstSection = lines.findIndex((line) => line.startsWith('## '))
    lines.splice(firstSection < 0 ? lines.length : firstSection, 0, ONLY_NOTE, '')
  }
  return lines.join('\n')
}

/** The size section of BENCHMARKS.md: every entry, then what each guarantee of the core costs. */
function sizeSection(sizes, costs) {
  const kb = (bytes) => `${bytes} B`
  const ratio = (a, b) => (a === null || b === null || !b ? '—' : `${(a / b).toFixed(2)}×`)
  const anchors = sizes.filter((r) => r.anchor && !r.error)
  const smallestAnchor = anchors.reduce((a, b) => (a && a.gzip <= b.gzip ? a : b), null)
  const core = sizes.find((r) => r.name.startsWith('react-cello core'))
  const whole = sizes.find((r) => r.name === 'react-cello whole client entry')
  const lines = [
    SIZE_HEADING,
    '',
    "Reproduce: `npm run build && node bench/size.mjs` (and `node bench/sizeCosts.mjs` for the second table). The package's rows measure the **built** package as a user's bundler takes it: `import … from 'react-cello'` resolved by name through `package.json` `exports` to `dist/` (a temporary directory whose `node_modules/react-cello` links to the repository), bundled by esbuild, minified, ESM, `process.env.NODE_ENV` = `\"production\"`, with React, React DOM and React Query external. Part rows bundle internal modules from `src/` to show where the core's bytes go.",
    '',
    '| entry | min | min+gzip | target | limit in `npm test` | vs smallest anchor |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const row of sizes) {
    const mark = (bytes) => (bytes ? `${kb(bytes)} ${row.gzip <= bytes ? '✅' : '❌ over'}` : '')
    if (row.error) lines.push(`| ${row.name} | — | — | — | — | could not bundle: ${row.error} |`)
    else
      lines.push(
        `| ${row.name} | ${kb(row.min)} | ${kb(row.gzip)} | ${mark(row.target)} | ${mark(row.limit)} | ${row.platform === 'node' || row.part || !smallestAnchor ? '' : ratio(row.gzip, smallestAnchor.gzip)} |`,
      )
  }
  lines.push(
    '',
    `Smallest anchor: ${smallestAnchor?.name ?? '—'}. The anchors do less: Dub's React entry injects a script; react-use-intercom wraps Intercom's widget loader; react-stripe-js loads Stripe.js. None of them captures anything without its vendor's script.`,
    '',
    '### What each guarantee of the core costs',
    '',
    `The core (\`CelloProvider\` + \`useUcc\`, bundled from \`src/\` as the part rows are: ${costs.base.gzip} B gzip, ${costs.base.min} B min) rebuilt without one guarantee at a time, the sources edited on the fly by bench/sizeCosts.mjs; the difference is the guarantee's price in production. Rows overlap where one guarantee contains another (the cookie write includes the cookie-domain check), and code two guarantees share is in neither row (the name cleaner serves both the \`celloN\` decoding and the script's name), so the rows do not add up to the core.`,
    '',
    '| guarantee | min | min+gzip |',
    '| --- | ---: | ---: |',
  )
  for (const row of costs.rows)
    lines.push(
      row.error
        ? `| ${row.name} | — | could not measure: ${row.error} |`
        : `| ${row.name} | ${row.min} B | ${row.gzip} B |`,
    )
  const devOnly = costs.rows.find((r) => r.devOnly)
  const withinTarget = core && !core.error && core.gzip <= core.target
  lines.push(
    '',
    withinTarget
      ? `**The core is within its ${kb(core.target)} target** with every guarantee above kept.`
      : `**The core is ${core && !core.error ? `${core.gzip - core.target} B over` : 'not measured against'} its ${core ? kb(core.target) : '—'} target with every guarantee kept.** Every guarantee above stays: the table prices each one, so reaching the target means choosing which to give up (or finding bytes elsewhere), and that is a decision for the issue, not for the bundle.`,
    `Long explanations and warnings are development-only (\`process.env.NODE_ENV\`, as in React Query): production errors keep their \`code\` and the fact (URL, command, hook, domain)${devOnly && !devOnly.error ? `; the development texts would cost ${devOnly.gzip} B gzip in production` : ''}. ${whole && !whole.error ? `The whole client entry is ${kb(whole.gzip)} (target ${kb(whole.target)}): the core's gap, plus the hooks and components outside it.` : ''}`,
    '',
  )
  return lines
}

/** The server-side and Edge section of BENCHMARKS.md. */
function edgeSection(edge) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
  const ms = (value) => (value === null || value === undefined ? 'never' : `${Math.round(value)} ms`)
  const ratio = (a, b) => (a === null || b === null || !b ? '—' : `${(a / b).toFixed(2)}×`)
  return [
    EDGE_HEADING,
    '',
    `Reproduce: \`node bench/edge.mjs\`. Sizes: esbuild, minified ESM; cold import: a fresh Node process importing the server entry bundled with its packages external, median of ${edge.runs}, interleaved. "Before" is the server entry of ${edge.base ? `commit ${edge.base.commit}` : '—'}, the last one without \`react-cello/edge\`, built and measured in this run.`,
    '',
    '| figure | now | before | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| Edge middleware bundle: \`referralProxy\` from \`react-cello/edge\` (min+gzip) | ${kb(edge.edge.gzip)} | — | — |`,
    `| server entry, whole (min+gzip, platform node; goal ≤ 40 KB) | ${kb(edge.server.gzip)} ${edge.server.gzip <= 40960 ? '✅' : '❌ over'} | ${edge.base ? kb(edge.base.size.gzip) : '—'} | ${edge.base ? ratio(edge.server.gzip, edge.base.size.gzip) : '—'} |`,
    `| server entry, cold import in Node | ${ms(edge.importMs)} | ${edge.base ? ms(edge.base.importMs) : '—'} | ${edge.base ? ratio(edge.importMs, edge.base.importMs) : '—'} |`,
    `| zod alone, cold import in Node (baseline: the floor while the entry uses zod) | ${ms(edge.zodImportMs)} | — | — |`,
    '',
  ]
}

/** The whole of BENCHMARKS.md: sizes, Chromium timing, BFF and outbox. */
async function writeAll() {
  const ms = (value) => (value === null || value === undefined ? 'never' : `${Math.round(value)} ms`)
  const ratio = (a, b) =>
    a === null || b === null || !b ? '—' : `${a / b < 0.01 ? (a / b).toPrecision(2) : (a / b).toFixed(2)}×`

  const chromium = (() => {
    try {
      return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim()
    } catch {
      return 'Chromium (version unknown)'
    }
  })()

  console.log('[bench] sizes…')
  const sizes = await measureSizes()
  const costs = await measureGuaranteeCosts()
  console.log('[bench] time to the code in Chromium…')
  const timing = await measureTimeToCode({ runs: 5 })
  console.log('[bench] BFF…')
  const bff = await measureBff()
  console.log('[bench] server side and Edge…')
  const edge = await measureEdge()
  console.log('[bench] outbox…')
  const outbox = await measureOutbox()

  const lines = []
  const push = (...rows) => lines.push(...rows)

  push(
    '# Benchmarks',
    '',
    `Produced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${chromium}.`,
    'Every ratio compares two figures measured in the same run. Nothing here is a timed test: budgets',
    'on size are enforced in `npm test` (scripts/check-size.mjs: the limit column); everything else is measured only.',
    '',
    ONLY_NOTE,
    '',
    ...sizeSection(sizes, costs),
    '## Time to the code (Chromium, median of 5)',
    '',
    "From navigation until the signup form can read the referral code, with the attribution script delayed or blocked. Baseline: the same React form using Cello's documented snippet (queue stub + script tag, `await CelloAttribution('getUcc')`). Reproduce: `node bench/timeToCode.mjs`.",
    '',
    '| script | react-cello | Cello snippet (baseline) | ratio |',
    '| --- | ---: | ---: | ---: |',
  )
  const byDelay = new Map()
  for (const r of timing) byDelay.set(r.delay, { ...byDelay.get(r.delay), [r.variant]: r })
  for (const [delay, r] of byDelay) {
    const ours = median(r.cello.times)
    const base = median(r.vanilla.times)
    push(
      `| ${delay === 'blocked' ? 'blocked (404)' : `delayed ${delay} ms`} | ${ms(ours)} | ${ms(base)} | ${base === null ? 'baseline never gets the code' : ratio(ours, base)} |`,
    )
  }
  const all = (variant, key) => timing.filter((r) => r.variant === variant).flatMap((r) => r[key])
  const maxCommits = Math.max(...all('cello', 'commits').filter((c) => c !== null))
  const maxCls = Math.max(...all('cello', 'shifts'))
  push(
    '',
    '## Renders and layout shift',
    '',
    '| figure | react-cello | goal | baseline |',
    '| --- | ---: | ---: | ---: |',
    `| commits of a \`useUcc\` consumer, mount to settled (worst run) | ${maxCommits} | ≤ 2 | ${Math.max(...all('vanilla', 'commits').filter((c) => c !== null))} (snippet form) |`,
    `| CLS of the page with \`NewUserBanner\` while the script loads (worst run) | ${maxCls.toFixed(4)} | 0 | ${Math.max(...all('vanilla', 'shifts')).toFixed(4)} (no banner) |`,
    '',
    '## BFF (loopback, against the emulator)',
    '',
    'Reproduce: `node bench/bff.mjs`.',
    '',
    '| figure | react-cello | baseline | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| \`/token\` calls for 1,000 concurrent active-link requests at a cold start | ${bff.cold.ours.tokenCalls} | ${bff.cold.naive.tokenCalls} (token per request) | ${ratio(bff.cold.ours.tokenCalls, bff.cold.naive.tokenCalls)} |`,
    `| wall time of those 1,000 requests | ${ms(bff.cold.ours.ms)} | ${ms(bff.cold.naive.ms)} | ${ratio(bff.cold.ours.ms, bff.cold.naive.ms)} |`,
    `| active link p50, through the handler over HTTP vs the client calling the emulator directly | ${bff.latency.handler.p50.toFixed(2)} ms | ${bff.latency.direct.p50.toFixed(2)} ms | ${ratio(bff.latency.handler.p50, bff.latency.direct.p50)} (+${(bff.latency.handler.p50 - bff.latency.direct.p50).toFixed(2)} ms) |`,
    `| active link p99, same | ${bff.latency.handler.p99.toFixed(2)} ms | ${bff.latency.direct.p99.toFixed(2)} ms | ${ratio(bff.latency.handler.p99, bff.latency.direct.p99)} |`,
    `| requests per second through the handler (32 in flight, emulator behind it) | ${Math.round(bff.rps)} | — | — |`,
    '',
    ...edgeSection(edge),
    ...outboxSection(outbox),
  )
  writeFileSync(target, lines.join('\n'))
  console.log(lines.join('\n'))
}

if (only) {
  console.log(`[bench] ${only} only…`)
  const [heading, section] =
    only === 'size'
      ? [SIZE_HEADING, sizeSection(await measureSizes(), await measureGuaranteeCosts())]
      : only === 'outbox'
        ? [OUTBOX_HEADING, outboxSection(await measureOutbox())]
        : [EDGE_HEADING, edgeSection(await measureEdge())]
  writeFileSync(target, splice(existsSync(target) ? readFileSync(target, 'utf8') : '# Benchmarks\n', heading, section))
  console.log(section.join('\n'))
} else {
  await writeAll()
}
