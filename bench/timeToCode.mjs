// Time to the code, in Debian's Chromium: from navigation until the signup form can read the
// referral code, for react-cello and for Cello's documented vanilla snippet
// (`await CelloAttribution('getUcc')`), with the attribution script delayed or blocked.
// Also: commits of a useUcc consumer from mount to settled, and the banner's CLS.
//
// The two variants run interleaved (react-cello, snippet, react-cello, snippet, … after one
// discarded warm-up pair per delay), each run in a fresh browser context: on a shared machine the
// load drifts over minutes, and measuring one variant's runs after the other's turned that drift
// into a difference (the 0 ms and 500 ms rows flipped between runs). Each pair's ratio is taken
// within the pair; the load average is recorded before and after.
import { build } from 'esbuild'
import { createServer } from 'node:http'
import { loadavg } from 'node:os'
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

const VARIANTS = ['cello', 'vanilla']

/**
 * `{ rows, load }`: a row per delay and variant, `{ delay, variant, times, commits, shifts }`, whose
 * i-th values of the two variants come from the same interleaved pair; `load` is the load average
 * (1, 5, 15 min) before and after.
 */
export async function measureTimeToCode({ runs = 5, warmup = 1, delays = [0, 500, 2000, 'blocked'] } = {}) {
  const loadBefore = loadavg()
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
  /** One page load of `variant` with the script at `delay`, in a fresh context. */
  async function once(variant, delay) {
    const context = await browser.newContext()
    try {
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
      return await tab.evaluate(() => ({
        codeAt: window.__codeAt ?? null,
        commits: window.__commits ?? null,
        cls: window.__cls,
      }))
    } finally {
      await context.close()
    }
  }

  const rows = []
  try {
    for (const delay of delays) {
      for (let i = 0; i < warmup; i++) for (const variant of VARIANTS) await once(variant, delay)
      const of = Object.fromEntries(VARIANTS.map((variant) => [variant, { times: [], commits: [], shifts: [] }]))
      for (let i = 0; i < runs; i++) {
        for (const variant of VARIANTS) {
          const m = await once(variant, delay)
          of[variant].times.push(m.codeAt)
          of[variant].commits.push(m.commits)
          of[variant].shifts.push(m.cls)
        }
      }
      for (const variant of VARIANTS) rows.push({ delay, variant, ...of[variant] })
    }
  } finally {
    await browser.close()
    server.close()
  }
  return { rows, load: { before: loadBefore, after: loadavg() } }
}

export const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b)
  if (sorted.length < values.length) return null // the code never arrived in some run
  return sorted[Math.floor(sorted.length / 2)]
}

/**
 * react-cello's time over the snippet's within each interleaved pair: `{ median, low, high }` of
 * those ratios, or `null` when the snippet never got the code in some pair.
 */
export function pairedRatio(cello, vanilla) {
  const ratios = cello.times.map((t, i) => (t === null || vanilla.times[i] === null ? null : t / vanilla.times[i]))
  if (ratios.includes(null) || ratios.length === 0) return null
  const sorted = [...ratios].sort((a, b) => a - b)
  return { median: median(sorted), low: sorted[0], high: sorted.at(-1), pairs: sorted.length }
}

/** The load average as `1.23 4.56 7.89` (1, 5 and 15 minutes). */
export const loads = (load) => load.map((x) => x.toFixed(2)).join(' ')

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, load } = await measureTimeToCode({ runs: 5 })
  console.log(`load average before ${loads(load.before)}, after ${loads(load.after)}`)
  for (const delay of new Set(rows.map((r) => r.delay))) {
    const [cello, vanilla] = VARIANTS.map((v) => rows.find((r) => r.delay === delay && r.variant === v))
    const paired = pairedRatio(cello, vanilla)
    const ms = (times) => times.map((t) => (t === null ? 'never' : Math.round(t))).join(' ')
    console.log(
      `${delay}: react-cello ${ms(cello.times)} | snippet ${ms(vanilla.times)} | pairs ${paired ? `${paired.median.toFixed(2)}× (${paired.low.toFixed(2)}–${paired.high.toFixed(2)}×)` : 'snippet never'}`,
    )
  }
}
