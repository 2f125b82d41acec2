// What each guarantee of the core costs: the core (CelloProvider + useUcc, bundled from src/ as
// bench/size.mjs bundles its part rows) measured again without that guarantee, the source edited on
// the fly by an esbuild plugin. The difference prices the guarantee, so that a future trade-off is
// priced too. An edit that no longer matches the source fails loudly rather than measuring nothing.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { measureSize } from './size.mjs'

const CORE = { code: "export { CelloProvider, useUcc } from './src/index.ts'" }

/** Each guarantee, and the edits (file, text or pattern, replacement) that take it out. */
export const GUARANTEES = [
  {
    name: 'cookie write (the code persisted for later visits, server-set cookie left alone)',
    edits: [
      ['runtime/createCelloStore.ts', /const persist = \(\) => \{[\s\S]*?\n {6}\}\n/, 'const persist = () => {}\n'],
    ],
  },
  {
    name: 'cookie-domain check (a bad `cookieDomain` is refused, never written)',
    edits: [['shared/referralCookie.ts', /if \(domain && [\s\S]*?\n {2}\}\n/, '']],
  },
  {
    name: 'client-side navigation (history patch, popstate)',
    edits: [
      ['runtime/createCelloStore.ts', /\n {6}if \(!patched\) \{[\s\S]*?\n {6}navigation\.add\(navigated\)\n/, '\n'],
    ],
  },
  {
    name: 'deletion on denied consent (every cello-* cookie, every domain and path)',
    edits: [['runtime/createCelloStore.ts', 'deleteCelloCookies()', '0']],
  },
  {
    name: 'referrer-name decoding (celloN, base64 of UTF-8, cleaned)',
    edits: [['shared/parseReferralParams.ts', 'encodedName ? decodeReferrerName(encodedName) : null', 'null']],
  },
  {
    name: 'referrer name from the script (getReferrerName, cleaned)',
    edits: [
      [
        'runtime/createCelloStore.ts',
        "Promise.all([caller('getUcc'), caller('getReferrerName')])",
        "Promise.all([caller('getUcc')])",
      ],
    ],
  },
  {
    name: 'queue stub (calls made before the script arrives are queued)',
    // Without the stub, installCelloStub hands back whatever window.CelloAttribution is.
    edits: [
      [
        'runtime/loadCelloScript.ts',
        /\n {2}if \(!win\.CelloAttribution\) \{[\s\S]*?\n {2}\}\n {2}return win\.CelloAttribution\n/,
        '\n  return win.CelloAttribution!\n',
      ],
    ],
  },
  {
    name: 'tag adoption (a tag the page rendered is used, not doubled)',
    edits: [
      [
        'runtime/loadCelloScript.ts',
        /\[\.\.\.document\.scripts\]\.find\([^\n]*\n/,
        'undefined as HTMLScriptElement | undefined\n',
      ],
    ],
  },
  {
    name: 'script timeout (blocked-by-silence becomes `script_timeout`)',
    edits: [['runtime/loadCelloScript.ts', /\n {4}setTimeout\(\n {6}reject,[\s\S]*?\n {4}\)\n/, '\n']],
  },
  {
    name: 'command timeout (a command that never answers becomes `command_failed`)',
    edits: [['runtime/loadCelloScript.ts', /\n {6}setTimeout\(\n {8}\(\) => reject\([\s\S]*?\n {6}\)\n/, '\n']],
  },
  {
    name: 'retry after a failure (tag removed, memo forgotten)',
    edits: [
      ['runtime/loadCelloScript.ts', /\n {6}tag\.remove\(\)\n/, '\n'],
      ['runtime/loadCelloScript.ts', /\n {6}attempt\.catch\(\(\) => \{\n[^\n]*\n {6}\}\)\n/, '\n'],
    ],
  },
  {
    name: 'hydration-safe first render (server snapshot)',
    edits: [
      ['runtime/createCelloStore.ts', 'getServerSnapshot: () => serverSnapshot', 'getServerSnapshot: () => snapshot'],
    ],
  },
  {
    name: '`debug` logging',
    edits: [['runtime/createCelloStore.ts', /if \(props\.debug\) console\.debug\([^\n]*\n/, '\n']],
  },
]

/** Rebuilds the core with `edits` applied to the sources they name. */
function editing(edits) {
  return {
    name: 'edit-sources',
    setup(build) {
      build.onLoad({ filter: /\/src\/.*\.tsx?$/ }, async (args) => {
        const mine = edits.filter(([file]) => args.path.endsWith(`/src/${file}`))
        if (mine.length === 0) return undefined
        let contents = await readFile(args.path, 'utf8')
        for (const [file, from, to] of mine) {
          const next = contents.replace(from, to)
          if (next === contents) throw new Error(`edit no longer matches src/${file}: ${from}`)
          contents = next
        }
        return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' }
      })
    },
  }
}

/** The core's size, then each guarantee's cost in bytes (min and min+gzip), and what development texts would cost. */
export async function measureGuaranteeCosts() {
  const base = await measureSize(CORE)
  const rows = []
  for (const guarantee of GUARANTEES) {
    try {
      const without = await measureSize(CORE, { plugins: [editing(guarantee.edits)] })
      rows.push({ name: guarantee.name, min: base.min - without.min, gzip: base.gzip - without.gzip })
    } catch (error) {
      rows.push({ name: guarantee.name, error: String(error.message ?? error).split('\n')[0] })
    }
  }
  const development = await measureSize(CORE, { define: { 'process.env.NODE_ENV': '"development"' } })
  rows.push({
    name: 'development-only texts and warnings, were they in production',
    min: development.min - base.min,
    gzip: development.gzip - base.gzip,
    devOnly: true,
  })
  return { base, rows }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { base, rows } = await measureGuaranteeCosts()
  console.log(`core from src: ${base.min} B min, ${base.gzip} B gzip`)
  for (const row of rows)
    console.log(row.error ? `${row.name}: ${row.error}` : `${row.name}: ${row.min} B min, ${row.gzip} B gzip`)
}
