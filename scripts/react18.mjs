// Runs the test projects again against React 18 (the package supports ^18 || ^19).
// A copy of the tree with React 18 installed over the locked dependencies, in .cache/react18.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const dir = '.cache/react18'
const run = (cmd, args, cwd = dir) => execFileSync(cmd, args, { cwd, stdio: 'inherit' })

rmSync(dir, { recursive: true, force: true })
const skip = new Set(['.cache', '.git', 'dist', 'storybook-static', 'coverage', 'examples'])
for (const name of readdirSync('.')) {
  if (!skip.has(name)) cpSync(name, join(dir, name), { recursive: true, verbatimSymlinks: true })
}
if (!existsSync(join(dir, 'node_modules'))) run('npm', ['ci', '--no-audit', '--no-fund'])
run('npm', [
  'install', '--no-save', '--no-audit', '--no-fund',
  'react@18', 'react-dom@18', '@types/react@18', '@types/react-dom@18',
])
run('node', ['-e', "console.log('[react18] testing against React ' + require('react/package.json').version)"])
run('npx', ['vitest', 'run', '--project', 'unit', '--project', 'node', '--project', 'browser'])
