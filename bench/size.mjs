// Size: min+gzip of entry points, each bundled the same way (esbuild, minified ESM, browser,
// production), with React, React DOM and React Query external ("peers excluded").
//
// The package's own rows measure the BUILT package (dist/, so `npm run build` first), imported by
// name through its exports map, as a user's bundler takes it: a temporary directory whose
// node_modules/react-cello links to this repository. The `part` rows bundle internal modules from
// src/ to show where the core's bytes go; `anchor` rows are what users would pick instead.
import { build } from 'esbuild'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const PEERS = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client', '@tanstack/react-query']

/** A tiny app rendering CelloProvider, with or without CelloDevtools inside it. */
function devtoolsApp(devtools) {
  return [
    "import { createElement } from 'react'",
    "import { createRoot } from 'react-dom/client'",
    "import { CelloProvider } from 'react-cello/core'",
    devtools ? "import { CelloDevtools } from 'react-cello/devtools'" : '',
    `createRoot(document.body).render(createElement(CelloProvider, null, ${devtools ? 'createElement(CelloDevtools)' : 'null'}))`,
  ].join('\n')
}

/**
 * The entries measured. `built: true` rows import `react-cello` by name from dist/. `limit` is the
 * ceiling `npm test` enforces (scripts/check-size.mjs): the budget is a ceiling, not a race (issue
 * 21 retired the core's and the whole entry's size targets), so that growth is a decision, not an
 * accident.
 *
 * Issue 21 asked for core ≤ 2,660 B, the whole client entry ≤ 6,250 B and referral ≤ 3,200 B. With
 * its own asks in (one dialect, the browser on shared/'s parser and cookie writer, every production
 * error carrying its docs link, page state with its resets) they measure 2,846, 6,494 and 3,293 B:
 * the link alone is ~75 B, the only item large enough to close the rest is the deletion of every
 * cello-* cookie on denied consent (~180 B), a guarantee. Until that trade is decided (see the
 * issue's note), the limits sit ~20 B above today's sizes, so growth still fails the suite.
 *
 * Issue 23 (frameworks) raised core 2,870 → 2,960 and the whole entry 6,520 → 6,600: the provider
 * reads the referrer's name from the `cello-referrer` cookie (shared/'s referralFromCookies, +89 B
 * gzip), so a page rendered in the browser shows the name on a returning visit; 2,938 and 6,584 B.
 */
export const SIZE_ENTRIES = [
  {
    name: 'react-cello core (CelloProvider + useUcc)',
    code: "export { CelloProvider, useUcc } from 'react-cello'",
    built: true,
    // Issue 23 added cookieDomain 'auto' (its probe is in the core: the cookie is written at once)
    // and the wiring of the lazily loaded link decoration: ~270 B; with the name read from the
    // cello-referrer cookie (issue 23, the SPA's returning visit) 3,224 B. Limit ~20 B above.
    limit: 3245,
  },
  {
    name: '↳ lazy: link decoration (crossDomains, consent pending), loaded by import() only when used',
    code: "export { CelloProvider } from 'react-cello'",
    built: true,
    lazy: true,
  },
  {
    name: '↳ part: runtime without React (store, capture, cookie, navigation, script loader)',
    code: "export { createCelloStore } from './src/runtime/createCelloStore.ts'",
    part: true,
  },
  {
    name: '↳ part: script loader (queue stub, tag, timeout, commands)',
    code: "export { loadCelloScript, createCelloCaller } from './src/runtime/loadCelloScript.ts'",
    part: true,
  },
  { name: 'react-cello/core, whole entry', code: "export * from 'react-cello/core'", built: true },
  {
    name: 'react-cello NewUserBanner (+ provider)',
    code: "export { CelloProvider, NewUserBanner } from 'react-cello'",
    built: true,
  },
  {
    name: 'react-cello whole client entry',
    code: "export * from 'react-cello'",
    built: true,
    limit: 6890,
  },
  {
    name: 'react-cello/referral (hook + launcher)',
    code: "export { useCelloReferral, CelloReferralLauncher } from 'react-cello/referral'",
    built: true,
    limit: 3386,
  },
  {
    // What <CelloDevtools /> adds to an app's production bundle: the same tiny app with and without
    // it, the difference gzipped. The entry renders nothing outside development, so a bundler that
    // replaces process.env.NODE_ENV drops the panel (issue 22: at most 100 B).
    name: '<CelloDevtools /> rendered in a production app (app with it minus app without)',
    code: devtoolsApp(true),
    minus: devtoolsApp(false),
    built: true,
    delta: true,
    limit: 100,
  },
  {
    // The framework-free capture script (issue 23: at most 1.5 KB gzip), measured as shipped: the
    // file scripts/build-capture.mjs writes, not bundled again.
    name: 'react-cello/capture.js (capture script for pages that are not React)',
    file: 'dist/capture.js',
    built: true,
    limit: 1536,
  },
  {
    // Issue 25 aimed at 40 KB (40,960 B). The server's schemas moved from full zod to zod/mini
    // (57,302 → 39,656 B); then toNodeHandler's fast path for createCelloHandler (the same issue's
    // BFF aim: no Web Request/Response per request) added 1,461 B and the drainer's fixed SQL
    // 190 B: 41,307 B, 347 B over the aim. A ceiling ~20 B above that, so it cannot grow unseen.
    name: 'react-cello server entry',
    code: "export * from 'react-cello/server'",
    built: true,
    platform: 'node',
    limit: 41330,
  },
  {
    name: 'react-cello/edge referralProxy (Edge middleware)',
    code: "export { referralProxy } from 'react-cello/edge'",
    built: true,
  },
  { name: '@dub/analytics (React entry)', code: "export * from '@dub/analytics/react'", anchor: true },
  { name: 'react-use-intercom', code: "export * from 'react-use-intercom'", anchor: true },
  {
    name: '@stripe/react-stripe-js + @stripe/stripe-js loader',
    code: "export * from '@stripe/react-stripe-js'; export { loadStripe } from '@stripe/stripe-js'",
    anchor: true,
  },
]

let consumerDir
/** A directory where `react-cello` resolves, through node_modules and the exports map, to this repository. */
function consumer() {
  if (consumerDir) return consumerDir
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  consumerDir = mkdtempSync(join(tmpdir(), 'react-cello-size-'))
  mkdirSync(join(consumerDir, 'node_modules'))
  symlinkSync(root, join(consumerDir, 'node_modules', 'react-cello'), 'dir')
  process.once('exit', () => rmSync(consumerDir, { recursive: true, force: true }))
  return consumerDir
}

/**
 * Bytes of one entry, minified and gzipped (level 9); for an entry with `minus`, the difference
 * between its `code` and its `minus`. `plugins` and `define` let bench/sizeCosts.mjs bundle a
 * variant of the sources.
 */
export async function measureSize(entry, options = {}) {
  if (entry.file) {
    const bytes = readFileSync(join(root, entry.file))
    return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  }
  if (!entry.minus) return measureOne(entry, options)
  const [whole, base] = [await measureOne(entry, options), await measureOne({ ...entry, code: entry.minus }, options)]
  return { min: whole.min - base.min, gzip: whole.gzip - base.gzip }
}

async function measureOne(entry, { plugins = [], define = { 'process.env.NODE_ENV': '"production"' } } = {}) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: entry.built ? consumer() : root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: entry.platform ?? 'browser',
    target: 'es2022',
    write: false,
    // Split as an app's bundler does, so that a module loaded with import() (the provider's link
    // decoration) is its own chunk: a row measures the entry's chunk, what a page loads up front,
    // unless it asks for its `lazy` chunks instead (the first chunk, besides the entry's, that is
    // not shared with it).
    splitting: true,
    outdir: join(tmpdir(), 'react-cello-size-out'),
    metafile: true,
    external: [...PEERS, ...(entry.platform === 'node' ? ['node:*'] : [])],
    define,
    logLevel: 'silent',
    plugins,
  })
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.js'))
  const [entryPath, entryMeta] = outputs.find(([, output]) => output.entryPoint)
  const shared = new Set(entryMeta.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path))
  const wanted = entry.lazy
    ? outputs.filter(([path]) => path !== entryPath && !shared.has(path)).map(([path]) => path)
    : [entryPath]
  const bytes = Buffer.concat(
    result.outputFiles
      .filter((file) => wanted.some((path) => resolve(path) === file.path))
      .map((file) => file.contents),
  )
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

export async function measureSizes() {
  const rows = []
  for (const entry of SIZE_ENTRIES) {
    try {
      rows.push({ ...entry, ...(await measureSize(entry)) })
    } catch (error) {
      rows.push({ ...entry, error: String(error.message ?? error).split('\n')[0] })
    }
  }
  return rows
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await measureSizes()) console.log(row.name, row.error ?? `${row.min} B min, ${row.gzip} B gzip`)
}
