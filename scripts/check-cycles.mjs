// Fails when src/ has an import cycle, type-only imports included: data and types flow one way
// (shared -> loaders and store -> provider -> hooks -> components), so a cycle is a wrong edge.
// Reads relative imports and re-exports with a pattern; src/ has no dynamic or bare-path imports.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const SRC = resolve(import.meta.dirname, '..', 'src')
const files = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (/\.tsx?$/.test(name)) files.push(path)
  }
}
walk(SRC)

const target = (from, spec) =>
  ['.ts', '.tsx', '/index.ts'].map((ext) => resolve(dirname(from), spec + ext)).find((path) => existsSync(path))
const edges = new Map(
  files.map((file) => [
    file,
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom '(\.[^']+)'/gms)]
      .map((match) => target(file, match[1]))
      .filter(Boolean),
  ]),
)

const cycles = new Set()
const done = new Set()
const path = []
function visit(file) {
  const at = path.indexOf(file)
  if (at !== -1) {
    cycles.add([...path.slice(at), file].map((f) => relative(SRC, f)).join(' -> '))
    return
  }
  if (done.has(file)) return
  path.push(file)
  for (const next of edges.get(file) ?? []) visit(next)
  path.pop()
  done.add(file)
}
files.forEach(visit)

if (cycles.size) {
  console.error(`[check-cycles] ${cycles.size} import cycle(s) in src/:\n${[...cycles].join('\n')}`)
  process.exit(1)
}
console.log(`[check-cycles] ${files.length} files in src/, no import cycle`)
