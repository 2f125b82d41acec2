// CPU per request of the BFF against Hono doing the same work (issue 25). Each server runs in a
// child process of its own (bench/bffCpuServer.mjs) and reports process.cpuUsage() over IPC; the
// load generator is this process, over keep-alive HTTP on loopback. Variants interleaved (A B, A B,
// …), each figure the median of the rounds, after a warm-up. Throughput is measured the same way:
// the load generator never shares a process with the server.
// `node bench/bffCpu.mjs [--rounds 5] [--cpu-prof]`: --cpu-prof also profiles react-cello's server
// process and prints its 10 heaviest frames by self time (bench/cpuProfileTop.mjs).
import { bundleSource } from './bundleSource.mjs'
import { fork } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { createRequire } from 'node:module'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { topFrames, topLines } from './cpuProfileTop.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const CONCURRENCY = 16
const CODE = 'pNRB1aYqArN'

/** The routes measured: what the browser sends to each. */
export const ROUTES = {
  '/active-link': { method: 'GET', path: '/api/cello/active-link', headers: { cookie: 'session=bob' } },
  '/signups': {
    method: 'POST',
    path: '/api/cello/signups',
    headers: {
      cookie: 'session=bob',
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
    },
    body: JSON.stringify({ ucc: CODE }),
  },
}

/** react-cello's server and testing entries plus reportSignup (the Hono variant's rules), from source. */
async function bundle() {
  const file = await bundleSource(
    [
      "export * from './src/server.ts'",
      "export { createCelloEmulator } from './src/testing.ts'",
      "export { reportSignup } from './src/server/handler/reportSignup.ts'",
    ].join('\n'),
    'bench-bff-cpu.mjs',
  )
  return fileURLToPath(file)
}

/**
 * Where @hono/node-server is: the repository's node_modules, else the folder in HONO_DEPS
 * (default /tmp/honodeps, made with `npm i --prefix /tmp/honodeps hono @hono/node-server`).
 */
function honoDeps() {
  try {
    createRequire(`${root}/`).resolve('@hono/node-server')
    return root
  } catch {
    return `${process.env.HONO_DEPS ?? '/tmp/honodeps'}/node_modules`
  }
}

/** A server child process; resolves once it listens. */
function start(file, variant, execArgv = []) {
  const child = fork(fileURLToPath(new URL('./bffCpuServer.mjs', import.meta.url)), [file, variant, honoDeps()], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${variant} server exited (${code})`)))
    child.once('message', ({ port }) => {
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
      const cpu = () =>
        new Promise((done) => {
          child.once('message', (m) => done((m.cpu.user + m.cpu.system) / 1000))
          child.send('cpu')
        })
      const stop = () =>
        new Promise((done) => {
          agent.destroy()
          child.removeAllListeners('exit')
          child.once('exit', done)
          child.send('exit')
        })
      resolve({ variant, port, agent, cpu, stop })
    })
  })
}

/** One request; resolves with its status once the answer was read. */
function send(server, route) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        agent: server.agent,
        method: route.method,
        path: route.path,
        headers: route.headers,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      },
    )
    req.on('error', reject)
    req.end(route.body)
  })
}

/** `count` requests to `route`, CONCURRENCY at a time: CPU ms of the server process, wall ms. */
async function drive(server, route, count) {
  let left = count
  const bad = new Set()
  const before = await server.cpu()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) {
        const status = await send(server, route)
        if (status !== 200 && status !== 202) bad.add(status)
      }
    }),
  )
  const wall = performance.now() - started
  const cpu = (await server.cpu()) - before
  if (bad.size) throw new Error(`${server.variant} ${route.path} answered ${[...bad].join(', ')}`)
  return { cpuUs: (cpu * 1000) / count, rps: count / (wall / 1000) }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Per route and variant, the median CPU µs per request and requests per second; `emulator`: the
 * active link's throughput with Cello's API on the emulator (in the server's process).
 */
export async function measureBffCpu({ rounds = 5, count = 3000, warmup = 2000, cpuProf = false } = {}) {
  const file = await bundle()
  const profiles = `${root}.cache/bff-cpuprof`
  if (cpuProf) rmSync(profiles, { recursive: true, force: true })
  const loadBefore = loadavg()
  const cello = await start(file, 'cello', cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [])
  const hono = await start(file, 'hono')
  const runs = {}
  try {
    for (const server of [cello, hono]) for (const route of Object.values(ROUTES)) await drive(server, route, warmup)
    for (let round = 0; round < rounds; round++)
      for (const [name, route] of Object.entries(ROUTES))
        for (const server of [cello, hono]) {
          const run = await drive(server, route, count)
          ;((runs[name] ??= {})[server.variant] ??= []).push(run)
        }
  } finally {
    await cello.stop()
    await hono.stop()
  }
  let emulator = null
  const withEmulator = await start(file, 'emulator')
  try {
    await drive(withEmulator, ROUTES['/active-link'], warmup)
    emulator = median(
      await Array.from({ length: rounds }).reduce(
        async (all) => [...(await all), (await drive(withEmulator, ROUTES['/active-link'], count)).rps],
        [],
      ),
    )
  } finally {
    await withEmulator.stop()
  }
  const routes = Object.fromEntries(
    Object.entries(runs).map(([name, variants]) => [
      name,
      Object.fromEntries(
        Object.entries(variants).map(([variant, list]) => [
          variant,
          { cpuUs: median(list.map((r) => r.cpuUs)), rps: median(list.map((r) => r.rps)), rounds: list },
        ]),
      ),
    ]),
  )
  const profile = cpuProf ? readdirSync(profiles).map((name) => `${profiles}/${name}`)[0] : null
  return { rounds, count, concurrency: CONCURRENCY, loadBefore, load: loadavg(), routes, emulator, profile }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const roundsAt = process.argv.indexOf('--rounds')
  const result = await measureBffCpu({
    rounds: roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5,
    cpuProf: process.argv.includes('--cpu-prof'),
  })
  const loads = (l) => l.map((x) => x.toFixed(2)).join(' ')
  console.log(`load average before ${loads(result.loadBefore)}, after ${loads(result.load)}`)
  for (const [name, { cello, hono }] of Object.entries(result.routes))
    console.log(
      `${name}: react-cello ${cello.cpuUs.toFixed(1)} µs/request (${Math.round(cello.rps)} req/s), Hono ${hono.cpuUs.toFixed(1)} µs/request (${Math.round(hono.rps)} req/s): ${(cello.cpuUs / hono.cpuUs).toFixed(2)}× [rounds: ${cello.rounds.map((r) => r.cpuUs.toFixed(0)).join(' ')} | ${hono.rounds.map((r) => r.cpuUs.toFixed(0)).join(' ')}]`,
    )
  console.log(`/active-link against the emulator: ${Math.round(result.emulator)} req/s`)
  if (result.profile) {
    console.log(`\nreact-cello's server, top 10 frames by self time (${result.profile}):`)
    console.log('(profiled: its CPU per request above is inflated by the profiler, not comparable)')
    console.log(topLines(topFrames(JSON.parse(readFileSync(result.profile, 'utf8')), 10)).join('\n'))
  }
}
