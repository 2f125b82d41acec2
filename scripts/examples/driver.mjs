// The example apps' driver: packs the package once, installs each example from that tarball in a
// directory outside the repository (so it cannot resolve anything from the repository's
// node_modules, as a user's app could not), builds it with no Cello environment variables, starts
// it against a Cello emulator and a fake attribution script started here, and hands Chromium
// (Debian's, through playwright-core) to the journeys.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../chromiumLaunchOptions.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
/**
 * Where the examples are installed and built: outside the repository, kept between runs (their
 * node_modules save the download; EXAMPLES_REUSE_BUILD=1 reuses the builds). EXAMPLES_WORK moves
 * it, for two checkouts running at once.
 */
export const WORK = resolve(process.env.EXAMPLES_WORK ?? join(tmpdir(), 'react-cello-examples'))
export const UCC = 'pNRB1aYqArN'
export const LINK = `/?ucc=${UCC}&celloN=QWxpY2U` // celloN: base64 of "Alice"
export const TITLE = 'Alice invited you'

const started = Date.now()
export const log = (line) => console.log(`[examples +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`)
export const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options })

// Every Cello variable is removed: builds must not need them, and the servers get them at start.
export const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(NEXT_PUBLIC_|VITE_)?CELLO_/.test(name) && name !== 'DATABASE_URL'),
)
baseEnv.NEXT_TELEMETRY_DISABLED = '1'

export const results = []

/** Builds the package and packs it, as npm would deliver it; the tarball's path. */
export function packTarball() {
  log('building the package and packing it')
  run('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const packDir = join(WORK, 'pack')
  rmSync(packDir, { recursive: true, force: true })
  mkdirSync(packDir, { recursive: true })
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  )
  return join(packDir, packed.filename)
}

/**
 * Copies examples/<name> to WORK/<name> (its node_modules kept from the last run, to save the
 * download), points its `react-cello` dependency at the tarball, and installs it. The directory.
 */
export function installExample(name, tarball) {
  const dir = join(WORK, name)
  mkdirSync(dir, { recursive: true })
  for (const entry of readdirSync(dir))
    if (entry !== 'node_modules') rmSync(join(dir, entry), { recursive: true, force: true })
  const source = join(ROOT, 'examples', name)
  cpSync(source, dir, {
    recursive: true,
    filter: (path) =>
      !/(^|\/)(node_modules|\.next|build|dist|\.output|\.tanstack|\.react-router|\.vinxi|[^/]*\.tgz)$/.test(
        path.slice(source.length),
      ),
  })
  const manifestPath = join(dir, 'package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  assert.ok(manifest.dependencies['react-cello'], `examples/${name}/package.json does not depend on react-cello`)
  manifest.dependencies['react-cello'] = `file:${tarball}`
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
  // A tarball of the same version is not reinstalled unless removed.
  rmSync(join(dir, 'node_modules/react-cello'), { recursive: true, force: true })
  log(`installing examples/${name} in ${dir} (npm install, no lockfile)`)
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir })
  assert.ok(existsSync(join(dir, 'node_modules/react-cello/package.json')), 'react-cello was not installed')
  return dir
}

/** The Cello side: the emulator, and the attribution script on its own origin. */
export async function startCello() {
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
  return {
    emulator,
    scriptSrc,
    /** The variables an example's server gets at start (its build saw none of them). */
    env: {
      CELLO_BASE_URL: emulator.url,
      CELLO_ACCESS_KEY_ID: emulator.accessKeyId,
      CELLO_SECRET_ACCESS_KEY: emulator.secretAccessKey,
      CELLO_SCRIPT_SRC: scriptSrc,
    },
    signups: () => emulator.events.filter((event) => event.context.event.trigger === 'new-signup'),
    async close() {
      await emulator.close()
      scriptServer.closeAllConnections()
      await new Promise((done) => scriptServer.close(done))
    },
  }
}

const children = []

/**
 * Starts a server (`command` with `args`, given the port) in its own process group and waits
 * until `readyPath` answers 200. `{ url, output, stop }`.
 */
export async function startServer({ label, cwd, command, args, env, readyPath = '/pricing', timeoutMs = 90_000 }) {
  const port = await freePort()
  const child = spawn(command, args(port), {
    cwd,
    detached: true, // its own process group, ended as one below
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...baseEnv, PORT: String(port), HOST: '127.0.0.1', ...env },
  })
  children.push(child)
  const output = []
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(String(chunk)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}):\n${output.join('')}`)
    const answered = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    )
    if (answered) break
    if (Date.now() > deadline)
      throw new Error(`${label} did not answer within ${timeoutMs / 1000} s:\n${output.join('')}`)
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

export const stopAll = () => Promise.all(children.map(stopChild))

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => done(port))
    })
    server.on('error', fail)
  })
}

export const launchBrowser = () => chromium.launch(chromiumLaunchOptions)

/** Console errors and warnings that speak of hydration (dev: React's text; production: errors #418, #423, #425). */
const HYDRATION = /hydrat|did not match|server rendered html|Minified React error #(418|419|423|425)/i

/** A browser context that sums the page's layout shifts from its first paint and keeps its console's errors and warnings. */
export async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
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

mkdirSync(join(ROOT, 'screenshots'), { recursive: true })
export const shot = (page, name) => page.screenshot({ path: join(ROOT, 'screenshots', `${name}.png`), fullPage: true })

/** Runs one journey, records its result and goes on whatever happened; whether it passed. */
export async function journey(name, body) {
  const t0 = Date.now()
  try {
    await body()
    results.push({ name, ok: true })
    log(`ok   ${name} (${Date.now() - t0} ms)`)
    return true
  } catch (error) {
    results.push({ name, ok: false, error })
    log(`FAIL ${name}: ${error?.stack ?? error}`)
    return false
  }
}
