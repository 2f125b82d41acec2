// Time to the code, in Debian's Chromium: from navigation until the signup form can read the
// referral code, for react-cello and for Cello's documented vanilla snippet
// (`await CelloAttribution('getUcc')`), with the attribution script delayed or blocked.
// Also: commits of a useUcc consumer from mount to settled, and the banner's CLS.
import { build } from 'esbuild'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../scripts/chromiumLaunchOptions.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

async function bundle(options) {
  const result = await build({ bundle: true, write: false, logLevel: 'silent', absWorkingDir: root, ...options })
  return result.outputFiles[0].text
}

// Cello's documented queue stub (FACTS §1.4), inline in <head> as its docs say, then the tag.
const VANILLA_HEAD = `<script>
window.CelloAttribution = window.CelloAttribution || function (t, ...o) {
  if (t === 'getReferral') throw new Error('getReferral is not supported in this context. Use getUcc instead.');
  let f, r; const n = new Promise((p, e) => { f = p; r = e });
  window.CelloAttributionCmd = window.CelloAttributionCmd || [];
  window.CelloAttributionCmd.push({ command: t, args: o, resolve: f, reject: r });
  return n;
};
</script><script type="module" async src="SCRIPT"></script>`

export async function measureTimeToCode({ runs = 5, delays = [0, 500, 2000, 'blocked'] } = {}) {
  const pages = {}
  for (const name of ['cello', 'vanilla']) {
    pages[name] = await bundle({
      entryPoints: [`bench/pages/${name}.tsx`],
      format: 'esm',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
    })
  }
  const fakeModule = await bundle({
    stdin: {
      contents: "export { fakeAttributionScript } from './src/testing/fakes/fakeAttributionScript.ts'",
      resolveDir: root,
      loader: 'ts',
    },
    format: 'esm',
    platform: 'node',
  })
  const { fakeAttributionScript } = await import(
    `data:text/javascript;base64,${Buffer.from(fakeModule).toString('base64')}`
  )
  const script = fakeAttributionScript({ cookies: false })

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname === '/script.js') {
      const delay = url.searchParams.get('delay')
      if (delay === 'blocked') return void res.writeHead(404).end()
      return void setTimeout(
        () => res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(script),
        Number(delay),
      )
    }
    const name = url.pathname.slice(1).replace(/\.js$/, '')
    if (!(name in pages)) return void res.writeHead(404).end()
    if (url.pathname.endsWith('.js'))
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(pages[name])
    const src = `/script.js?delay=${url.searchParams.get('delay')}`
    const head = name === 'vanilla' ? VANILLA_HEAD.replace('SCRIPT', src) : ''
    // Both pages: the same React app bundle size class, the code in the URL, the script as asked.
    return void res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html><head>${head}</head><body><div id="root"></div><script type="module" src="/${name}.js"></script></body></html>`,
      )
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${server.address().port}`
  const browser = await chromium.launch(chromiumLaunchOptions)
  const results = []
  try {
    for (const delay of delays) {
      for (const variant of ['cello', 'vanilla']) {
        const times = []
        const commits = []
        const shifts = []
        for (let i = 0; i < runs; i++) {
          const context = await browser.newContext()
          const tab = await context.newPage()
          await tab.addInitScript(() => {
            window.__cls = 0
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value
            }).observe({ type: 'layout-shift', buffered: true })
          })
          await tab.goto(`${base}/${variant}?delay=${delay}&ucc=pNRB1aYqArN`)
          const settleMs = delay === 'blocked' ? 1500 : Number(delay) + 1500
          await tab.waitForTimeout(settleMs)
          const m = await tab.evaluate(() => ({
            codeAt: window.__codeAt ?? null,
            commits: window.__commits ?? null,
            cls: window.__cls,
          }))
          times.push(m.codeAt)
          commits.push(m.commits)
          shifts.push(m.cls)
          await context.close()
        }
        results.push({ delay, variant, times, commits, shifts })
      }
    }
  } finally {
    await browser.close()
    server.close()
  }
  return results
}

export const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b)
  if (sorted.length < values.length) return null // the code never arrived in some run
  return sorted[Math.floor(sorted.length / 2)]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await measureTimeToCode({ runs: 3 }))
    console.log(
      r.delay,
      r.variant,
      r.times.map((t) => t && Math.round(t)),
      r.commits,
      r.shifts,
    )
}
