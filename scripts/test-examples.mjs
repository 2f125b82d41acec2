// npm run test:examples: builds the package and packs it once, installs the tarball into each
// example in a directory outside the repository (so the app sees only the exports map, as a user's
// would), builds it with no Cello environment variables, starts it against a Cello emulator and a
// fake attribution script, and drives the same journeys in Debian's Chromium
// (scripts/examples/journeys.mjs). Screenshots go to screenshots/<example>-*.png.
//
//   --only react-router[,vite-express]  run these examples only
//   EXAMPLES_REUSE_BUILD=1               reuse the last install and build (while editing the journeys)
//   EXAMPLES_DEV=0                       skip the dev servers' hydration check
//   EXAMPLES_WORK=/path                  where the examples are installed (default: $TMPDIR/react-cello-examples)
import { parseArgs } from 'node:util'
import { launchBrowser, log, packTarball, results, startCello, stopAll } from './examples/driver.mjs'
import { nextjs } from './examples/nextjs.mjs'
import { reactRouter } from './examples/react-router.mjs'
import { tanstackStart } from './examples/tanstack-start.mjs'
import { viteExpress } from './examples/vite-express.mjs'

const EXAMPLES = [nextjs, reactRouter, tanstackStart, viteExpress]
const { values } = parseArgs({ options: { only: { type: 'string' } } })
const only = values.only?.split(',').map((name) => name.trim())
const unknown = only?.filter((name) => !EXAMPLES.some((example) => example.name === name)) ?? []
if (unknown.length) {
  console.error(`test-examples: no example named ${unknown.join(', ')} (${EXAMPLES.map((e) => e.name).join(', ')})`)
  process.exit(2)
}
const selected = EXAMPLES.filter((example) => !only || only.includes(example.name))

const reuse = process.env.EXAMPLES_REUSE_BUILD === '1'
const tarball = reuse ? null : packTarball()
const cello = await startCello()
let browser
try {
  browser = await launchBrowser()
  for (const example of selected) {
    log(`--- ${example.name}`)
    try {
      await example.test({ tarball, cello, browser, reuse })
    } catch (error) {
      // An install, a build or a server that would not start: this example fails, the next one runs.
      results.push({ name: `${example.name}: install, build and start`, ok: false, error })
      log(`FAIL ${example.name}: ${error?.stack ?? error}`)
    }
  }
} finally {
  await browser?.close()
  await stopAll()
  await cello.close()
}

const failed = results.filter((result) => !result.ok)
log(
  `${results.length - failed.length} of ${results.length} passed${failed.length ? `; failed: ${failed.map((r) => r.name).join('; ')}` : ''}`,
)
process.exitCode = failed.length ? 1 : 0
