// The server side's weight (issue 11): the Edge middleware bundle of referralProxy, the server
// entry, and the server entry's cold import in Node against the server entry of the commit before
// react-cello/edge existed (both bundled the same way, in the same run), and zod/mini alone. Also
// the built server entry (dist/) as scripts/check-size.mjs measures it for its limit in npm test.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { measureSize, SIZE_ENTRIES } from './size.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()

/** min+gzip of `code` bundled from `resolveDir`, as Edge middleware (browser) or a server (node). */
async function gzipOf(code, resolveDir, platform) {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    external: platform === 'node' ? ['node:*'] : [],
    nodePaths: [join(root, 'node_modules')],
  })
  const bytes = result.outputFiles[0].contents
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

/** The last commit without src/edge.ts: "today's" server entry, before issue 11. */
function baseCommit() {
  if (process.env.BENCH_BASE) return process.env.BENCH_BASE
  const added = git('log', '--diff-filter=A', '--format=%H', '--', 'src/edge.ts').split('\n').filter(Boolean).pop()
  return added ? `${added}^` : null
}

/** Milliseconds for a fresh Node process to import `file` (median of `runs`, the two runs interleaved by the caller). */
function coldImport(file) {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t)`
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }))
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

export async function measureEdge({ runs = 9 } = {}) {
  const loadBefore = loadavg()
  const edge = await gzipOf("export { referralProxy } from './src/edge.ts'", root, 'browser')
  const server = await gzipOf("export * from './src/server.ts'", root, 'node')
  const serverRow = SIZE_ENTRIES.find((entry) => entry.name === 'react-cello server entry')
  const built = existsSync(join(root, 'dist', 'server.js'))
    ? { ...(await measureSize(serverRow)), limit: serverRow.limit }
    : null
  const base = baseCommit()
  // Bundled with packages external (zod and jose load from node_modules, as in an app), into a
  // folder inside node_modules so that those imports resolve.
  const out = join(root, 'node_modules', '.cache', 'react-cello-bench')
  mkdirSync(out, { recursive: true })
  const bundle = async (entry, file) => {
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outfile: join(out, file),
      logLevel: 'silent',
    })
    return join(out, file)
  }
  const files = { ours: await bundle(join(root, 'src/server.ts'), 'server-now.mjs'), base: null }
  let baseSize = null
  if (base) {
    const dir = mkdtempSync(join(tmpdir(), 'react-cello-base-'))
    try {
      execFileSync('sh', ['-c', `git archive ${base} src | tar -x -C ${JSON.stringify(dir)}`], { cwd: root })
      files.base = await bundle(join(dir, 'src/server.ts'), 'server-base.mjs')
      baseSize = await gzipOf("export * from './src/server.ts'", dir, 'node')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  writeFileSync(join(out, 'zod-only.mjs'), "import * as z from 'zod/mini'\nexport default z\n")
  const times = { ours: [], base: [], zod: [] }
  for (let i = 0; i < runs; i++) {
    times.ours.push(coldImport(files.ours))
    if (files.base) times.base.push(coldImport(files.base))
    times.zod.push(coldImport(join(out, 'zod-only.mjs')))
  }
  return {
    edge,
    server,
    built,
    base: base && { commit: git('rev-parse', '--short', base), size: baseSize, importMs: median(times.base) },
    importMs: median(times.ours),
    zodImportMs: median(times.zod),
    runs,
    load: { before: loadBefore, after: loadavg() },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await measureEdge(), null, 2))
