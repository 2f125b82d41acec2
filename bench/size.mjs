// Size: min+gzip of entry points, each bundled the same way (esbuild, minified ESM, browser,
// production), with React, React DOM and React Query external ("peers excluded").
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const PEERS = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client', '@tanstack/react-query']

/**
 * The entries measured: react-cello's parts, then what users would pick instead. `target` is the
 * goal issue 6 set; `limit` is what `npm test` enforces (scripts/check-size.mjs), just above today's
 * size so that growth is a decision, not an accident. `part` rows break the core down (internal
 * modules, not entries users import) to show where its bytes go.
 */
export const SIZE_ENTRIES = [
  { name: 'react-cello core (CelloProvider + useUcc)', code: "export { CelloProvider, useUcc } from './src/index.ts'", target: 2048, limit: 3340 },
  { name: '↳ part: capture (URL, cookie read/write/delete, navigation)', code: "export * from './src/browserReferral.ts'", part: true },
  { name: '↳ part: script loader (queue stub, tag, timeout, commands)', code: "export { loadCelloScript } from './src/loadCelloScript.ts'; export { createCelloCall } from './src/createCelloCall.ts'", part: true },
  { name: 'react-cello NewUserBanner (+ provider)', code: "export { CelloProvider, NewUserBanner } from './src/index.ts'" },
  { name: 'react-cello whole client entry', code: "export * from './src/index.ts'", target: 6144, limit: 6890 },
  { name: 'react-cello/referral (hook + launcher)', code: "export { useCelloReferral, CelloReferralLauncher } from './src/referral.ts'", limit: 3440 },
  { name: 'react-cello server entry', code: "export * from './src/server.ts'", platform: 'node', target: 40960 },
  { name: 'react-cello/edge referralProxy (Edge middleware)', code: "export { referralProxy } from './src/edge.ts'" },
  { name: '@dub/analytics (React entry)', code: "export * from '@dub/analytics/react'", anchor: true },
  { name: 'react-use-intercom', code: "export * from 'react-use-intercom'", anchor: true },
  { name: '@stripe/react-stripe-js + @stripe/stripe-js loader', code: "export * from '@stripe/react-stripe-js'; export { loadStripe } from '@stripe/stripe-js'", anchor: true },
]

/** Bytes of one entry, minified and gzipped (level 9). */
export async function measureSize(entry) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: entry.platform ?? 'browser',
    target: 'es2022',
    write: false,
    external: [...PEERS, ...(entry.platform === 'node' ? ['node:*'] : [])],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  const bytes = result.outputFiles[0].contents
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
