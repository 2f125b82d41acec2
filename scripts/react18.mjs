// Runs the unit and browser projects and the node project's React tests again against React 18 (the package supports
// ^18 || ^19): REACT_18=1 switches `react` and `react-dom` to the `react-18` and `react-dom-18` npm
// aliases that `npm ci` installs (see vite.config.ts), so nothing is copied or downloaded.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

const { version } = createRequire(import.meta.url)('react-18/package.json')
console.info(`[react18] testing against React ${version}`)
// The node project's React-free tests (server, outbox, emulator: eslint keeps React out of them)
// would only run again unchanged, so from it just the React ones run: server rendering and the
// version check.
// Vitest's file filters match part of a path: every `.unit.test.` and `.browser.test.` file.
const files = [
  '.unit.test.',
  '.browser.test.',
  'test/core/CelloProvider.ssr.node.test.tsx',
  'test/react18/version.node.test.tsx',
]
execFileSync('npx', ['vitest', 'run', '--project', 'unit', '--project', 'node', '--project', 'browser', ...files], {
  stdio: 'inherit',
  env: { ...process.env, REACT_18: '1' },
})
