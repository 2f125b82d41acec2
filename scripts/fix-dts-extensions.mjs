// tsc emits declarations with the extensionless relative imports of the source (moduleResolution
// "Bundler"); TypeScript users on "node16"/"nodenext" need full paths. Add ".js" (or "/index.js").
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else if (path.endsWith('.d.ts')) yield path
  }
}

let fixed = 0
for (const file of walk('dist')) {
  const source = readFileSync(file, 'utf8')
  const out = source.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)(['"])/g, (match, head, spec, tail) => {
    if (/\.(js|json)$/.test(spec)) return match
    const base = join(dirname(file), spec)
    if (existsSync(`${base}.d.ts`)) return `${head}${spec}.js${tail}`
    if (existsSync(join(base, 'index.d.ts'))) return `${head}${spec}/index.js${tail}`
    return match
  })
  if (out !== source) {
    writeFileSync(file, out)
    fixed++
  }
}
console.log(`[fix-dts-extensions] ${fixed} declaration files updated`)
