// Secret scan of what ships to browsers: the built client entry (its whole import graph) and the
// Storybook catalog's own code (the stories and the preview, bundled for the browser with
// everything they import). No server module, no key value, no emulator credential may be in them.
//
// The catalog is bundled here with esbuild in a second or two instead of a full `storybook build`
// (a second Storybook compile in npm test, after the storybook test project): Storybook's own
// packages are left out, they are the same in every catalog; a storybook-static/ folder, when
// present (npm run build-storybook), is scanned too.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, normalize } from 'node:path'
import { build } from 'esbuild'

const FORBIDDEN = [
  // Strings only server and emulator code holds (names of functions can appear in docs text).
  'secretAccessKey',
  'accessKeyId',
  'refreshToken',
  'apigw-requestid',
  'ReferralUpdated',
  'node:http',
  'node:crypto',
  // The emulator's default credentials.
  'emulator-secret-access-key',
  'emulator-access-key-id',
  // Real keys, when this machine has them.
  ...['CELLO_ACCESS_KEY_ID', 'CELLO_SECRET_ACCESS_KEY', 'CELLO_PRODUCT_SECRET']
    .map((name) => process.env[name])
    .filter((v) => v && v.length >= 8),
]

const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
const failures = []
const scan = (file) => {
  const text = code(readFileSync(file, 'utf8'))
  for (const needle of FORBIDDEN)
    if (text.includes(needle))
      failures.push(
        `${file} contains ${needle.startsWith('CELLO') || needle.length > 40 ? 'a key value' : `"${needle}"`}`,
      )
}

function clientGraph(entry, seen = new Set()) {
  if (seen.has(entry) || !existsSync(entry)) return seen
  seen.add(entry)
  for (const [, spec] of readFileSync(entry, 'utf8').matchAll(
    /(?:import|export)\s*(?:[^'"]*?from\s*)?['"](\.{1,2}\/[^'"]+)['"]/g,
  ))
    clientGraph(normalize(join(dirname(entry), spec)), seen)
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

/** The stories and the preview, bundled as the catalog ships them (minus Storybook itself). */
async function catalog() {
  const outdir = mkdtempSync(join(tmpdir(), 'react-cello-catalog-'))
  const stories = readdirSync('stories')
    .filter((name) => /\.stories\.tsx?$/.test(name))
    .map((name) => join('stories', name))
  const preview = readdirSync('.storybook')
    .filter((name) => /^preview\.tsx?$/.test(name))
    .map((name) => join('.storybook', name))
  await build({
    entryPoints: [...stories, ...preview],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    logLevel: 'error',
    external: ['storybook', 'storybook/*', '@storybook/*', 'node:*'], // node:* stays visible to the scan
    loader: { '.css': 'empty', '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  return { files: walk(outdir), done: () => rmSync(outdir, { recursive: true, force: true }) }
}

const targets = []
if (!existsSync('dist/index.js')) failures.push('dist/index.js is missing: run npm run build first')
else targets.push(...clientGraph('dist/index.js'))
const bundled = await catalog()
targets.push(...bundled.files)
if (existsSync('storybook-static')) targets.push(...walk('storybook-static'))
targets.forEach(scan)
bundled.done()

if (failures.length) {
  console.error(failures.map((f) => `[scan-secrets] ${f}`).join('\n'))
  process.exit(1)
}
console.log(`[scan-secrets] ${targets.length} browser files, no server code, keys or emulator credentials`)
