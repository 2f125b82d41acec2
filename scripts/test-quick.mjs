// npm run test:quick: a first answer in under 30 s on two cores. Vitest's `unit` (jsdom) and `node`
// projects, without the files that spend their time on waiting, WebAssembly or booting rather
// than on rules the others do not check:
//
// - the outbox suite on PGlite and PostgreSQL (createCelloOutbox.pglite…, …postgres…): the same
//   tests run on the in-memory store here; only the SQL is left to npm test;
// - createCelloOutbox.settleAndStop…: the drain loop's timing with a blinking database and a
//   10,000-event backlog;
// - createCelloOutbox.threeInstances…: three BFF instances on one database;
// - the reward webhook's soak (createCelloWebhookHandler.soak…) and its ledger's SQL test
//   (postgresRewardLedger.node…): PGlite's start; the webhook's own tests (memory and PGlite) stay;
// - server.demoGuard… (test/examples/demo/): boots the demo app to check its Host and Origin guards;
// - server.start… (test/examples/demo/): runs the real `npm start` and reads its output (~30 s).
//
// Measured with `time` on this repository's 2-core machine while other builds ran on it (load
// average 4 to 6): unit + node in full 42 s; this selection 24 s without DATABASE_URL and REDIS_URL
// (355 tests), 26 s with both (368 tests). No typecheck, lint,
// build, browser or Storybook: `npm test` runs those. Files are left out by name, wherever they
// live, so moving a test keeps it in or out.
import { createVitest } from 'vitest/node'

const LEFT_OUT = [
  /\/createCelloOutbox\.(pglite|postgres)\.[^/]*$/,
  /\/createCelloOutbox\.settleAndStop\.[^/]*$/,
  /\/createCelloOutbox\.threeInstances\.[^/]*$/,
  /\/createCelloWebhookHandler\.soak\.[^/]*$/,
  /\/postgresRewardLedger\.node\.[^/]*$/,
  /\/server\.demoGuard\.[^/]*$/,
  /\/server\.start\.[^/]*$/,
]

const started = Date.now()
const vitest = await createVitest('test', { project: ['unit', 'node'], watch: false, run: true })
await vitest.standalone() // the reporters, without running anything yet
const all = await vitest.globTestSpecifications()
const chosen = all.filter((spec) => !LEFT_OUT.some((pattern) => pattern.test(spec.moduleId)))
console.log(
  `── test:quick: ${chosen.length} of the ${all.length} test files of the unit and node projects (npm test runs all, and more)`,
)
const result = await vitest.runTestSpecifications(chosen, true)
await vitest.close()
const ok = result.unhandledErrors.length === 0 && result.testModules.every((module) => module.ok())
console.log(`── test:quick: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exit(ok ? 0 : 1)
