// Builds dist/capture.js (`react-cello/capture.js`): src/capture/capture.ts as one minified classic
// script for pages that are not React. Part of `npm run build`, after Vite (which empties dist/).
// Its size (≤ 1.5 KB gzip) is in bench/size.mjs and checked by scripts/check-size.mjs.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
await build({
  absWorkingDir: root,
  entryPoints: ['src/capture/capture.ts'],
  outfile: 'dist/capture.js',
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
})
