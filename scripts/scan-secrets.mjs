// Secret scan of what ships to browsers: the built client entry (its whole import graph) and the
// static Storybook catalog. No server module, no key value, no emulator credential may be in them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'

const FORBIDDEN = [
  // Strings only server and emulator code holds (names of functions can appear in docs text).
  'secretAccessKey', 'accessKeyId', 'refreshToken', 'apigw-requestid', 'ReferralUpdated', 'node:http', 'node:crypto',
  // The emulator's default credentials.
  'emulator-secret-access-key', 'emulator-access-key-id',
  // Real keys, when this machine has them.
  ...['CELLO_ACCESS_KEY_ID', 'CELLO_SECRET_ACCESS_KEY', 'CELLO_PRODUCT_SECRET'].map((name) => process.env[name]).filter((v) => v && v.length >= 8),
]

const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
const failures = []
const scan = (file) => {
  const text = code(readFileSync(file, 'utf8'))
  for (const needle of FORBIDDEN) if (text.includes(needle)) failures.push(`${file} contains ${needle.startsWith('CELLO') || needle.length > 40 ? 'a key value' : `"${needle}"`}`)
}

function clientGraph(entry, seen = new Set()) {
  if (seen.has(entry) || !existsSync(entry)) return seen
  seen.add(entry)
  for (const [, spec] of readFileSync(entry, 'utf8').matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?['"](\.{1,2}\/[^'"]+)['"]/g)) clientGraph(normalize(join(dirname(entry), spec)), seen)
  return seen
}
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (/\.(m?js|html|json)$/.test(name) && !name.endsWith('.map')) out.push(path)
  }
  return out
}

const targets = []
if (!existsSync('dist/index.js')) failures.push('dist/index.js is missing: run npm run build first')
else targets.push(...clientGraph('dist/index.js'))
if (!existsSync('storybook-static')) failures.push('storybook-static is missing: run npm run build-storybook first')
else targets.push(...walk('storybook-static'))
targets.forEach(scan)

if (failures.length) {
  console.error(failures.map((f) => `[scan-secrets] ${f}`).join('\n'))
  process.exit(1)
}
console.log(`[scan-secrets] ${targets.length} browser files, no server code, keys or emulator credentials`)
