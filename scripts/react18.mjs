// Runs the unit, node and browser projects again against React 18 (the package supports
// ^18 || ^19): REACT_18=1 switches `react` and `react-dom` to the `react-18` and `react-dom-18` npm
// aliases that `npm ci` installs (see vite.config.ts), so nothing is copied or downloaded.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

const { version } = createRequire(import.meta.url)('react-18/package.json')
console.info(`[react18] testing against React ${version}`)
execFileSync('npx', ['vitest', 'run', '--project', 'unit', '--project', 'node', '--project', 'browser'], {
  stdio: 'inherit',
  env: { ...process.env, REACT_18: '1' },
})
