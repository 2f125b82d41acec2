// Typechecks every ```ts and ```tsx block of README.md and docs/*.md against the BUILT package, as a
// user's editor would see it: `react-cello`, `react-cello/server`… resolve through package.json's
// exports map to dist/*.d.ts, and stripe, next, express, hono come with their real types. The only
// declared stubs are the app's own names (db, getSession, user…), in docs/snippet-globals.d.ts.
//
// A block may carry hidden lines (imports a reader does not need to see) in an HTML comment right
// above its fence, which Markdown does not render:
//
//   <!-- check-docs
//   import { cello } from '@/lib/cello'
//   -->
//   ```ts
//
// `<!-- check-docs: skip reason -->` above a fence leaves that block out (say why).
//
// Usage: node scripts/check-docs.mjs [files.md…] (builds dist/ first when it is missing).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = join(root, '.cache', 'check-docs')
const globals = join(root, 'docs', 'snippet-globals.d.ts')

const docs =
  process.argv.length > 2
    ? process.argv.slice(2).map((file) => join(process.cwd(), file))
    : [
        join(root, 'README.md'),
        ...readdirSync(join(root, 'docs'))
          .filter((name) => name.endsWith('.md'))
          .sort()
          .map((name) => join(root, 'docs', name)),
      ]

/** @typedef {{ doc: string, line: number, lang: 'ts' | 'tsx', prelude: string[], body: string[] }} Block */

/** @returns {Block[]} */
function extract(file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|tsx)\s*$/.exec(lines[i])
    if (!open) continue
    const indent = open[1].length
    const body = []
    let j = i + 1
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++)
      body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)))
    if (j === lines.length) throw new Error(`${relative(root, file)}:${i + 1}: unclosed code fence`)
    const { prelude, skip } = directive(lines, i)
    if (!skip) blocks.push({ doc: file, line: i + 1, lang: open[2], prelude, body })
    i = j
  }
  return blocks
}

/** The `<!-- check-docs … -->` comment ending on the line above the fence at `fence`, if any. */
function directive(lines, fence) {
  const above = lines[fence - 1]?.trim() ?? ''
  if (/^<!--\s*check-docs:\s*skip\b.*-->$/.test(above)) return { prelude: [], skip: true }
  if (above !== '-->') return { prelude: [], skip: false }
  let start = fence - 2
  while (start >= 0 && !/^<!--\s*check-docs\s*$/.test(lines[start].trim())) start--
  if (start < 0) return { prelude: [], skip: false }
  return { prelude: lines.slice(start + 1, fence - 1), skip: false }
}

if (!existsSync(join(root, 'dist', 'server.d.ts'))) {
  console.log('[check-docs] dist/ is missing: npm run build')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
}

rmSync(work, { recursive: true, force: true })
mkdirSync(join(work, 'node_modules'), { recursive: true })
// The package by its name, as an app that installed it: resolved through the exports map to dist/.
symlinkSync(root, join(work, 'node_modules', 'react-cello'), 'dir')

const blocks = docs.flatMap(extract)
const origin = new Map()
for (const block of blocks) {
  const name = `${relative(root, block.doc).replaceAll(/[/.]/g, '_')}_L${block.line}.${block.lang}`
  // `export {}` makes every block a module, so blocks never see each other's declarations.
  writeFileSync(join(work, name), [...block.prelude, ...block.body, 'export {}', ''].join('\n'))
  origin.set(name, block)
}

writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['DOM', 'DOM.Iterable', 'ES2022'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        isolatedModules: true,
        types: ['node'],
      },
      files: [relative(work, globals), ...origin.keys()],
    },
    null,
    2,
  ),
)

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
let output = ''
try {
  execFileSync(process.execPath, [tsc, '-p', work, '--pretty', 'false'], { cwd: work, encoding: 'utf8', stdio: 'pipe' })
} catch (error) {
  output = `${error.stdout ?? ''}${error.stderr ?? ''}`
  if (!output.trim()) throw error
}

// Point each error at the Markdown line it comes from.
const errors = output
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const match = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line)
    const block = match && origin.get(match[1].replace(/^\.\//, ''))
    if (!block) return line
    const offset = Number(match[2]) - block.prelude.length
    const where = offset > 0 ? block.line + offset : block.line
    return `${relative(root, block.doc)}:${where}:${match[3]}${offset > 0 ? '' : ' (hidden prelude)'} ${match[4]}`
  })

const files = new Set(blocks.map((block) => relative(root, block.doc)))
if (errors.length > 0) {
  console.error(errors.join('\n'))
  console.error(
    `[check-docs] ${errors.filter((line) => / error TS/.test(line)).length} type errors in ${blocks.length} blocks (${files.size} files); the generated files are in ${relative(root, work)}/`,
  )
  process.exit(1)
}
console.log(
  `[check-docs] ${blocks.length} TypeScript blocks in ${files.size} files typecheck against the built package`,
)
