// The benches run react-cello from this checkout's sources: `contents` (an ES module importing
// ./src/…) bundled by esbuild for Node, packages left external, written under .cache/ as `name`.
import { build } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = new URL('..', import.meta.url)

/**
 * Bundles `contents` to `.cache/{name}` and returns the file's URL (import it, or hand it to a
 * child). `sourceRoot`: where `./src/…` resolves (default: this checkout).
 */
export async function bundleSource(contents, name, { sourceRoot = fileURLToPath(root) } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: sourceRoot, loader: 'ts' },
    nodePaths: [fileURLToPath(new URL('node_modules', root))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  })
  const file = new URL(`.cache/${name}`, root)
  mkdirSync(new URL('.cache/', root), { recursive: true })
  writeFileSync(file, result.outputFiles[0].text)
  return file
}
