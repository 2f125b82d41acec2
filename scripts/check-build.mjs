// Checks on the built package that publint and attw do not make, over each entry's whole static
// import graph inside dist/ (shared chunks included):
// - the client entry starts with 'use client' and reaches no server or testing code;
// - the core entry (react-cello/core) starts with 'use client' and never imports React Query;
// - the referral entry (react-cello/referral) likewise, and reaches no server or testing code;
// - the devtools entry (react-cello/devtools) likewise, and renders its panel only where
//   `process.env.NODE_ENV` is 'development' (React Query Devtools' pattern, so that a bundler drops it);
// - the server and testing entries never import React (the emulator runs in Node without it);
// - the edge entry imports no package and no Node built-in at all (no React, zod or jose): it is
//   bundled into Edge middleware that runs on every request;
// - the server entry's declarations do not reach the global Window augmentation;
// - every entry has its declarations;
// - the react-cello command (package.json's bin, dist/cli.js) starts with its shebang, reaches no
//   React, and runs: `--help` and `--version` answer with exit code 0.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'

const failures = []

/** Files of dist reachable from `entry` through relative static imports, with their text. */
function graph(entry, { declarations = false } = {}) {
  const seen = new Map()
  const visit = (path) => {
    // Declarations import `./x.js`; the file to read is `./x.d.ts`.
    const file = declarations ? path.replace(/\.js$/, '.d.ts') : path
    if (seen.has(file) || !existsSync(file) || !statSync(file).isFile()) return
    // Comments may name server functions (documentation); only code counts.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    seen.set(file, text)
    // Static imports and re-exports, and dynamic imports (the command loads each command on demand).
    for (const [, spec] of text.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?['"](\.{1,2}\/[^'"]+)['"]/g))
      visit(normalize(join(dirname(file), spec)))
    for (const [, spec] of text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g))
      visit(normalize(join(dirname(file), spec)))
  }
  visit(entry)
  return seen
}
const bareImports = (text) =>
  [
    ...text.matchAll(
      /(?:import|export)\s*(?:[^'"]*?from\s*)?['"]([^./'"][^'"]*)['"]|import\(\s*['"]([^./'"][^'"]*)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2])

if (!existsSync('dist/index.js')) failures.push('dist/index.js is missing: run the build first')
else {
  const client = graph('dist/index.js')
  if (!/^['"]use client['"];?/.test(client.get('dist/index.js')))
    failures.push("dist/index.js does not start with 'use client'")
  for (const [file, text] of client) {
    for (const marker of [
      'secretAccessKey',
      'createCelloClient',
      'createCelloHandler',
      'createCelloEmulator',
      'fakeAttributionScript',
      'signWidgetToken',
    ]) {
      if (text.includes(marker))
        failures.push(
          `${file} (reached from the client entry) contains "${marker}": server or testing code reached the browser`,
        )
    }
    for (const spec of bareImports(text)) {
      if (spec.startsWith('node:') || /^(jose|zod)(\/|$)/.test(spec))
        failures.push(`${file} (client) imports "${spec}"`)
    }
  }
  console.log(`[check-build] client entry: ${client.size} files, no server or testing code`)
}

// react-cello/core: a client entry that works without React Query, an optional peer. An app
// without @tanstack/react-query fails to build if anything in this graph imports it.
if (!existsSync('dist/core.js')) failures.push('dist/core.js is missing')
else {
  const core = graph('dist/core.js')
  if (!/^['"]use client['"];?/.test(core.get('dist/core.js')))
    failures.push("dist/core.js does not start with 'use client'")
  for (const [file, text] of core) {
    for (const spec of bareImports(text)) {
      if (spec === '@tanstack/react-query' || spec.startsWith('@tanstack/'))
        failures.push(`${file} (core) imports "${spec}": react-cello/core must work without React Query`)
    }
  }
  console.log(`[check-build] core entry: ${core.size} files, no React Query`)
}

// react-cello/referral: Cello's Referral Component for signed-in pages. A client entry that shares
// the client's context and BFF modules, reaches no server or testing code (the token is signed
// by the BFF) and, like core, works without React Query.
if (!existsSync('dist/referral.js')) failures.push('dist/referral.js is missing')
else {
  const referral = graph('dist/referral.js')
  if (!/^['"]use client['"];?/.test(referral.get('dist/referral.js')))
    failures.push("dist/referral.js does not start with 'use client'")
  for (const [file, text] of referral) {
    for (const marker of [
      'secretAccessKey',
      'createCelloClient',
      'createCelloHandler',
      'fakeReferralScript',
      'signWidgetToken',
    ]) {
      if (text.includes(marker))
        failures.push(
          `${file} (reached from the referral entry) contains "${marker}": server or testing code reached the browser`,
        )
    }
    for (const spec of bareImports(text)) {
      if (spec.startsWith('node:') || /^(jose|zod)(\/|$)/.test(spec) || spec.startsWith('@tanstack/'))
        failures.push(`${file} (referral) imports "${spec}"`)
    }
  }
  console.log(`[check-build] referral entry: ${referral.size} files, no server or testing code, no React Query`)
}

// react-cello/devtools: the development panel. A client entry without React Query (it asks the BFF
// with plain fetch) and without server or testing code, whose component is the panel only in
// development builds: the ternary on process.env.NODE_ENV must survive the build for a bundler to fold.
if (!existsSync('dist/devtools.js')) failures.push('dist/devtools.js is missing')
else {
  const devtools = graph('dist/devtools.js')
  const entry = devtools.get('dist/devtools.js')
  if (!/^['"]use client['"];?/.test(entry)) failures.push("dist/devtools.js does not start with 'use client'")
  if (!/process\.env\.NODE_ENV !== ['"]development['"] \? \(\) => null/.test(entry))
    failures.push('dist/devtools.js does not choose `() => null` outside development on process.env.NODE_ENV')
  for (const [file, text] of devtools) {
    // Not createCelloHandler: the findings name it in their fixes ("mount createCelloHandler at …").
    for (const marker of ['secretAccessKey', 'createCelloClient', 'createCelloEmulator', 'signWidgetToken']) {
      if (text.includes(marker))
        failures.push(`${file} (reached from the devtools entry) contains "${marker}": server code reached the browser`)
    }
    for (const spec of bareImports(text)) {
      if (spec.startsWith('node:') || /^(jose|zod)(\/|$)/.test(spec) || spec.startsWith('@tanstack/'))
        failures.push(`${file} (devtools) imports "${spec}"`)
    }
  }
  console.log(
    `[check-build] devtools entry: ${devtools.size} files, no server code, no React Query, panel in development only`,
  )
}

for (const entry of ['server', 'testing']) {
  if (!existsSync(`dist/${entry}.js`)) {
    failures.push(`dist/${entry}.js is missing`)
    continue
  }
  const files = graph(`dist/${entry}.js`)
  for (const [file, text] of files) {
    for (const spec of bareImports(text)) {
      if (/^react(-dom)?(\/|$)/.test(spec) || spec === '@tanstack/react-query')
        failures.push(`${file} (${entry}) imports "${spec}": the ${entry} entry must not`)
    }
    if (entry === 'server' && /^['"]use client['"]/.test(text)) failures.push(`${file} (server) is a client module`)
  }
  console.log(`[check-build] ${entry} entry: ${files.size} files, no React`)
}

if (!existsSync('dist/edge.js')) failures.push('dist/edge.js is missing')
else {
  const files = graph('dist/edge.js')
  for (const [file, text] of files) {
    for (const spec of bareImports(text))
      failures.push(`${file} (edge) imports "${spec}": the edge entry imports no package (no React, zod or jose)`)
    if (/^['"]use client['"]/.test(text)) failures.push(`${file} (edge) is a client module`)
  }
  console.log(`[check-build] edge entry: ${files.size} files, no package imports`)
}

for (const entry of ['index', 'server', 'edge', 'testing', 'referral', 'devtools']) {
  if (!existsSync(`dist/${entry}.d.ts`)) failures.push(`dist/${entry}.d.ts is missing`)
}
for (const entry of ['server', 'edge']) {
  if (!existsSync(`dist/${entry}.d.ts`)) continue
  for (const [file, text] of graph(`dist/${entry}.d.ts`, { declarations: true })) {
    if (/declare\s+global|interface\s+Window\b/.test(text))
      failures.push(`${file} (reached from dist/${entry}.d.ts) augments the global Window: server types must not`)
  }
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const bin = pkg.bin?.['react-cello']?.replace(/^\.\//, '')
if (bin !== 'dist/cli.js') failures.push(`package.json's bin.react-cello is ${bin}, not ./dist/cli.js`)
if (!existsSync('dist/cli.js')) failures.push('dist/cli.js is missing')
else {
  const cli = graph('dist/cli.js')
  if (!readFileSync('dist/cli.js', 'utf8').startsWith('#!/usr/bin/env node\n'))
    failures.push('dist/cli.js does not start with #!/usr/bin/env node')
  for (const [file, text] of cli) {
    for (const spec of bareImports(text)) {
      if (/^react(-dom)?(\/|$)/.test(spec) || spec.startsWith('@tanstack/'))
        failures.push(`${file} (cli) imports "${spec}": the react-cello command runs in Node without React`)
    }
    if (/^['"]use client['"]/.test(text)) failures.push(`${file} (cli) is a client module`)
  }
  try {
    execFileSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8', timeout: 30_000 })
    const version = execFileSync(process.execPath, ['dist/cli.js', '--version'], { encoding: 'utf8', timeout: 30_000 })
    if (version.trim() !== pkg.version)
      failures.push(`node dist/cli.js --version printed ${version.trim()}, not ${pkg.version}`)
  } catch (error) {
    failures.push(`node dist/cli.js --help failed: ${error.message}`)
  }
  console.log(`[check-build] cli: ${cli.size} files (commands load on demand), no React, --help and --version run`)
}

if (failures.length) {
  console.error(failures.map((f) => `[check-build] ${f}`).join('\n'))
  process.exit(1)
}
