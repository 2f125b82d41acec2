// npm test: the whole suite for this version of the package, as fast as two cores allow.
//
// Phase 1 runs three independent chains side by side (each stage is single-threaded, so two cores
// overlap them): the typecheck; the formatter, lint, knip and the import-cycle check; build then
// the package, secret and docs checks (which read dist/). Phase 2 is Vitest's projects, which use both cores by themselves, so they
// run alone. A chain's output is printed when it ends, so parallel output never interleaves. The
// first failing chain fails the run, after the others in its phase finish.
//
// Not here, and run by .ci/run: `npm run test:e2e` (the demo driven in Chromium),
// `npm run test:react18` (the React 18 pass), `npm run test:stress`, `npm run test:examples`.
import { spawn } from 'node:child_process'

const run = (script) =>
  new Promise((resolve) => {
    const started = Date.now()
    const child = spawn('npm', ['run', '--silent', script], { env: { ...process.env, FORCE_COLOR: '0' } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ script, code, output, seconds: (Date.now() - started) / 1000 }))
  })

/** Runs the scripts one after another; stops at the first that fails. */
async function chain(scripts) {
  const results = []
  for (const script of scripts) {
    const result = await run(script)
    results.push(result)
    if (result.code !== 0) break
  }
  return results
}

const t0 = Date.now()
const chains = await Promise.all([
  chain(['typecheck']),
  chain(['format:check', 'lint', 'knip', 'check:cycles']),
  chain(['build', 'check:package', 'check:secrets', 'check:docs']),
])
let failed = false
for (const result of chains.flat()) {
  // On success, only the one-line summaries the repo's own scripts print (`[check-size] …`); on
  // failure, everything the stage printed.
  const lines = result.output.trim().split('\n')
  const shown = result.code === 0 ? lines.filter((line) => /^\[[\w-]+\] /.test(line)) : lines
  console.log(
    `── npm run ${result.script}: ${result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`} in ${result.seconds.toFixed(1)} s`,
  )
  if (shown.length) console.log(shown.join('\n'))
  if (result.code !== 0) failed = true
}
if (failed) process.exit(1)

// The type tests (test/types/*.test-d.ts) are compiled by the typecheck above, which fails on any
// broken assertion; `npm run test:types` (in CI) reports them through Vitest's typecheck.
console.log(`── vitest: unit, node, browser, storybook (phase 1 took ${((Date.now() - t0) / 1000).toFixed(1)} s)`)
const vitest = spawn(
  'npx',
  ['vitest', 'run', '--project', 'unit', '--project', 'node', '--project', 'browser', '--project', 'storybook'],
  {
    stdio: 'inherit',
  },
)
const code = await new Promise((resolve) => vitest.on('close', resolve))
console.log(`\n── npm test: ${code === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
process.exit(code ?? 1)
