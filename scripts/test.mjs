// npm test: the whole suite for this version of the package, as fast as two cores allow.
//
// Phase 1 runs three independent chains side by side (each stage is single-threaded, so two cores
// overlap them): the typecheck; the formatter, the scripts' own tests (node --test), lint, knip and the
// import-cycle check; build then the package, secret and docs checks (which read dist/). Phase 2 is
// Vitest's projects, which use both cores by themselves, so they run alone. The first failing
// chain fails the run, after the others in its phase finish.
//
// What it prints: a `── start` line when each stage starts and a `── ok`/`── FAILED` line with its
// time when it ends, as they happen, each with the time since the run began, so a long stage is
// never silent. What a stage printed is kept until its chain ends and then printed in one block
// (on success only the one-line summaries of the repo's own scripts, `[check-size] …`; on failure
// everything), so the output of parallel chains never interleaves.
//
// Not here, and run by .ci/run: `npm run test:e2e` (the demo driven in Chromium),
// `npm run test:react18` (the React 18 pass), `npm run test:stress`, `npm run test:examples`.
import { spawn } from 'node:child_process'

const t0 = Date.now()
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`
/** One status line, stamped with the time since `npm test` began. */
const status = (text) => console.log(`── [${seconds(t0).padStart(7)}] ${text}`)

const run = (script) =>
  new Promise((resolve) => {
    const started = Date.now()
    status(`start npm run ${script}`)
    const child = spawn('npm', ['run', '--silent', script], { env: { ...process.env, FORCE_COLOR: '0' } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => {
      const took = seconds(started)
      status(`${code === 0 ? 'ok    ' : `FAILED (exit ${code})`} npm run ${script} in ${took}`)
      resolve({ script, code, output, took })
    })
  })

/** Runs the scripts one after another, stops at the first that fails, then prints what they said. */
async function chain(scripts) {
  const results = []
  for (const script of scripts) {
    const result = await run(script)
    results.push(result)
    if (result.code !== 0) break
  }
  const block = []
  for (const result of results) {
    const lines = result.output.trim().split('\n')
    const shown = result.code === 0 ? lines.filter((line) => /^\[[\w-]+\] /.test(line)) : lines
    if (shown.length === 0) continue
    block.push(`── npm run ${result.script} said:`, ...shown)
  }
  if (block.length) console.log(block.join('\n'))
  return results
}

status('phase 1: three chains side by side (typecheck | format, scripts, lint, knip, cycles | build, package, docs)')
const chains = await Promise.all([
  chain(['typecheck']),
  chain(['format:check', 'test:scripts', 'lint', 'knip', 'check:cycles']),
  chain(['build', 'check:package', 'check:secrets', 'check:docs']),
])
if (chains.flat().some((result) => result.code !== 0)) {
  status('npm test: FAILED in phase 1 (the stage output above says why)')
  process.exit(1)
}

// The type tests (test/**/*.test-d.ts) are compiled by the typecheck above, which fails on any
// broken assertion; `npm run test:types` (in CI) reports them through Vitest's typecheck.
const vitestStarted = Date.now()
status('start vitest: unit, node, browser, storybook (phase 2, alone: it uses both cores)')
const vitest = spawn(
  'npx',
  ['vitest', 'run', '--project', 'unit', '--project', 'node', '--project', 'browser', '--project', 'storybook'],
  { stdio: 'inherit' },
)
const code = await new Promise((resolve) => vitest.on('close', resolve))
console.log('')
status(`${code === 0 ? 'ok    ' : `FAILED (exit ${code})`} vitest in ${seconds(vitestStarted)}`)
status(`npm test: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds(t0)}`)
process.exit(code ?? 1)
