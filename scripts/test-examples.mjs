// npm run test:examples: builds the package, installs its `npm pack` tarball into
// examples/nextjs (so the app sees only the exports map, as a user would), runs `next build` with
// no Cello environment variables, then `next start` against a Cello emulator and a fake
// attribution script started here, and drives the journeys in Debian's Chromium.
// Screenshots go to screenshots/nextjs-*.png. EXAMPLES_DEV=0 skips the `next dev` hydration check;
// EXAMPLES_REUSE_BUILD=1 reuses the last install and `next build` (while editing the journeys).
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from './chromiumLaunchOptions.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const APP = join(ROOT, 'examples/nextjs')
const UCC = 'pNRB1aYqArN'
const LINK = `/?ucc=${UCC}&celloN=QWxpY2U` // celloN: base64 of "Alice"
const TITLE = 'Alice invited you'
const started = Date.now()
const log = (line) => console.log(`[examples +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`)
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options })
const next = join(APP, 'node_modules/next/dist/bin/next')

// Every Cello variable is removed: the build must not need them, and the server gets them below.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(NEXT_PUBLIC_)?CELLO_/.test(name)))
baseEnv.NEXT_TELEMETRY_DISABLED = '1'

const results = []
if (process.env.EXAMPLES_REUSE_BUILD !== '1') buildExample()

function buildExample() {
  // 1. The package as npm would deliver it.
  log('building the package and packing it')
  run('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const packDir = mkdtempSync(join(tmpdir(), 'react-cello-pack-'))
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  )
  renameSync(join(packDir, packed.filename), join(APP, 'react-cello.tgz'))
  rmSync(packDir, { recursive: true, force: true })

  // 2. Installed into the example (a tarball of the same version is not reinstalled unless removed).
  log('installing the example (npm install, no lockfile)')
  rmSync(join(APP, 'node_modules/react-cello'), { recursive: true, force: true })
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: APP })

  // 3. `next build` with no Cello keys: must succeed (CI and Docker builds have none).
  log('next build, with no CELLO_* variables set')
  rmSync(join(APP, '.next'), { recursive: true, force: true })
  run(process.execPath, [next, 'build'], { cwd: APP, env: { ...baseEnv, NODE_ENV: 'production' } })
  results.push({ name: 'next build with no Cello environment variables', ok: true })
}

// 4. Cello: the emulator, and the attribution script on its own origin.
const { createCelloEmulator, fakeAttributionScriptHandler } = await import('react-cello/testing')
const emulator = await createCelloEmulator({
  referrers: [{ productUserId: 'alice', ucc: UCC, campaignId: 'spring', name: 'Alice' }],
})
const serveScript = fakeAttributionScriptHandler()
const scriptServer = createServer((request, response) => {
  response.setHeader('access-control-allow-origin', '*') // a module script from another origin needs CORS
  serveScript(request, response)
})
await new Promise((done) => scriptServer.listen(0, '127.0.0.1', done))
const scriptSrc = `http://127.0.0.1:${scriptServer.address().port}/cello-attribution.js`

const children = []
async function startNext(mode) {
  const port = await freePort()
  const child = spawn(process.execPath, [next, mode, '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: APP,
    detached: true, // its own process group, ended as one below
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...baseEnv,
      NODE_ENV: mode === 'dev' ? 'development' : 'production',
      // At run time only: the build above saw none of them.
      CELLO_BASE_URL: emulator.url,
      CELLO_ACCESS_KEY_ID: emulator.accessKeyId,
      CELLO_SECRET_ACCESS_KEY: emulator.secretAccessKey,
      CELLO_SCRIPT_SRC: scriptSrc,
    },
  })
  children.push(child)
  const output = []
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(String(chunk)))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next ${mode} exited (${child.exitCode}):\n${output.join('')}`)
    const answered = await fetch(`${url}/pricing`).then(
      (r) => r.ok,
      () => false,
    )
    if (answered) break
    if (i > 240) throw new Error(`next ${mode} did not answer within 60 s:\n${output.join('')}`)
    await sleep(250)
  }
  return { url, output, stop: () => stopChild(child) }
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const exited = new Promise((done) => child.once('exit', done))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    return Promise.resolve()
  }
  return exited
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => done(port))
    })
    server.on('error', fail)
  })
}

mkdirSync(join(ROOT, 'screenshots'), { recursive: true })
const shot = (page, name) => page.screenshot({ path: join(ROOT, 'screenshots', `nextjs-${name}.png`), fullPage: true })

/** Console errors and warnings that speak of hydration (dev: React's text; production: errors #418, #423, #425). */
const HYDRATION = /hydrat|did not match|server rendered html|Minified React error #(418|419|423|425)/i

async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  // Layout shifts of the whole page load, from its first paint.
  await context.addInitScript(() => {
    window.__cls = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value
    }).observe({ type: 'layout-shift', buffered: true })
  })
  const messages = []
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(message.text())
  })
  context.on('weberror', (error) => messages.push(String(error.error())))
  return { context, messages, hydrationWarnings: () => messages.filter((text) => HYDRATION.test(text)) }
}

const banner = (page) => page.getByRole('region', { name: 'Referral offer' })
const cls = (page) => page.evaluate(() => window.__cls)
const signups = () => emulator.events.filter((event) => event.context.event.trigger === 'new-signup')

async function journey(name, body) {
  const t0 = Date.now()
  try {
    await body()
    results.push({ name, ok: true })
    log(`ok   ${name} (${Date.now() - t0} ms)`)
  } catch (error) {
    results.push({ name, ok: false, error })
    log(`FAIL ${name}: ${error?.stack ?? error}`)
  }
}

let browser
try {
  log('next start, with the emulator and the fake script')
  const app = await startNext('start')
  browser = await chromium.launch(chromiumLaunchOptions)
  const visitor = await newContext(browser)

  await journey('first visit: the banner with the name is in the server HTML', async () => {
    const response = await fetch(`${app.url}${LINK}`)
    const html = await response.text()
    assert.match(
      response.headers.get('set-cookie') ?? '',
      /cello-referral=pNRB1aYqArN/,
      'proxy.ts set no cello-referral cookie',
    )
    assert.ok(html.includes(TITLE), `the server HTML lacks "${TITLE}"`)
  })

  const page = await visitor.context.newPage()
  await journey('first visit in Chromium: CLS 0, no hydration warning', async () => {
    await page.goto(`${app.url}${LINK}`)
    await banner(page).getByText(TITLE).waitFor()
    // The script's campaign arrives last: the offer appears inside the line the server rendered.
    await banner(page).getByText('50% off for 6 months').waitFor()
    await sleep(500)
    assert.equal(await cls(page), 0, 'the page shifted')
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await shot(page, 'first-visit')
  })

  await journey('client-side navigation keeps the referral', async () => {
    await page.evaluate(() => (window.__sameDocument = true))
    await page.getByRole('navigation').getByRole('link', { name: 'Pricing' }).click()
    await page.getByRole('heading', { name: 'Pricing' }).waitFor()
    await page.getByRole('link', { name: 'Create your account' }).click()
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    assert.equal(new URL(page.url()).search, '', 'the query should be gone')
    assert.equal(
      await page.evaluate(() => window.__sameDocument),
      true,
      'that was a full page load, not client-side navigation',
    )
    assert.equal(await page.locator('input[name="ucc"]').inputValue(), UCC)
    await banner(page).getByText(TITLE).waitFor()
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await shot(page, 'client-navigation')
  })

  await journey('returning visit: the name comes from the cookies, in the server HTML too', async () => {
    const returning = await visitor.context.newPage()
    await returning.goto(app.url)
    await banner(returning).getByText(TITLE).waitFor()
    const cookie = (await visitor.context.cookies(app.url)).map((c) => `${c.name}=${c.value}`).join('; ')
    const html = await (await fetch(app.url, { headers: { cookie } })).text()
    assert.ok(html.includes(TITLE), `the server HTML of a returning visit lacks "${TITLE}"`)
    assert.equal(await cls(returning), 0, 'the page shifted')
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await shot(returning, 'returning-visit')
    await returning.close()
  })

  await journey('signup under a double submit: one user, one new-signup at Cello', async () => {
    const before = signups().length
    await page.getByLabel('Name').fill('Bob')
    await page.getByLabel('Email').fill('bob@example.com')
    const posts = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/signup') posts.push(request)
    })
    // A double click: React may send the server action once or twice, depending on timing.
    await page.getByRole('button', { name: 'Create account' }).dblclick()
    await page.getByRole('heading', { name: 'Welcome, Bob' }).waitFor()
    const clicks = posts.length
    // And the same POST once more, as a retried request or a second tab would send it: the
    // server action must find the user and the event it already has.
    const [first] = posts
    const { 'content-length': _, ...headers } = await first.allHeaders()
    const replay = await visitor.context.request.post(first.url(), {
      headers,
      data: first.postDataBuffer(),
      maxRedirects: 0,
    })
    assert.ok(replay.status() < 400, `the replayed signup answered ${replay.status()}`)
    assert.match(
      replay.headers()['x-action-redirect'] ?? '',
      /^\/account/,
      'the replayed signup did not reach its redirect',
    )
    for (let i = 0; signups().length === before && i < 100; i++) await sleep(100)
    await sleep(1500) // time for a second event to arrive, if one were sent
    const received = signups().slice(before)
    assert.equal(received.length, 1, `Cello received ${received.length} new-signup events`)
    assert.equal(received[0].payload.ucc, UCC)
    log(
      `     the form was sent ${clicks + 1} times (${clicks} by the double click); Cello received 1 new-signup, for ${received[0].payload.newUserId}`,
    )
    // The signed-in user's own link, through the BFF route.
    await page.getByLabel('Your referral link').waitFor()
    assert.match(await page.getByLabel('Your referral link').inputValue(), /^https:\/\/moonly\.cello\.so\//)
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await shot(page, 'account')
  })

  await journey('blocked script: the banner still renders from the URL and cookie', async () => {
    const blocked = await newContext(browser)
    await blocked.context.route(`${scriptSrc}*`, (route) => route.abort())
    const blockedPage = await blocked.context.newPage()
    const scriptFailed = blockedPage.waitForEvent('requestfailed', (request) => request.url().startsWith(scriptSrc))
    await blockedPage.goto(`${app.url}${LINK}`)
    await scriptFailed
    await banner(blockedPage).getByText(TITLE).waitFor()
    await sleep(500)
    assert.equal(
      await banner(blockedPage).getByText('50% off').count(),
      0,
      'the offer comes from the script, which was blocked',
    )
    assert.equal(await cls(blockedPage), 0, 'the page shifted')
    assert.deepEqual(blocked.hydrationWarnings(), [])
    await shot(blockedPage, 'blocked-script')
    await blocked.context.close()
  })

  await visitor.context.close()
  await app.stop()

  if (process.env.EXAMPLES_DEV !== '0') {
    log('next dev (Turbopack): the first visit once more, for hydration warnings in development')
    const dev = await startNext('dev')
    await journey('next dev: first visit and navigation without a hydration warning', async () => {
      const devVisitor = await newContext(browser)
      const devPage = await devVisitor.context.newPage()
      await devPage.goto(`${dev.url}${LINK}`, { timeout: 120_000 })
      await banner(devPage).getByText(TITLE).waitFor({ timeout: 60_000 })
      await banner(devPage).getByText('50% off for 6 months').waitFor()
      await devPage.getByRole('navigation').getByRole('link', { name: 'Sign up' }).click()
      await devPage.getByRole('heading', { name: 'Create your account' }).waitFor({ timeout: 60_000 })
      await sleep(1000)
      assert.deepEqual(devVisitor.hydrationWarnings(), [])
      await devVisitor.context.close()
    })
    await dev.stop()
  }
} finally {
  await browser?.close()
  await Promise.all(children.map(stopChild))
  await emulator.close()
  scriptServer.closeAllConnections()
  await new Promise((done) => scriptServer.close(done))
}

const failed = results.filter((result) => !result.ok)
log(
  `${results.length - failed.length} of ${results.length} passed${failed.length ? `; failed: ${failed.map((r) => r.name).join('; ')}` : ''}`,
)
process.exitCode = failed.length ? 1 : 0
