// node --test scripts/ensure-chromium.test.mjs (in npm test as `npm run test:scripts`): every branch
// of ensure-chromium's decision, driven through fakes, so nothing is installed and no sudo is asked.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumPlan, ensureChromium, installCommands, missingMessage } from './ensure-chromium.mjs'

const missing = { path: '/usr/bin/chromium', pathFromEnv: false, exists: false, hasAptGet: true }

test('chromiumPlan: ready when the binary is there, whoever the user is', () => {
  assert.deepEqual(chromiumPlan({ ...missing, exists: true, isRoot: false, hasSudo: false }), { action: 'ready' })
  assert.deepEqual(chromiumPlan({ ...missing, exists: true, pathFromEnv: true, isRoot: true, hasSudo: true }), {
    action: 'ready',
  })
})

test('chromiumPlan: installs as root, or with passwordless sudo, where apt-get is', () => {
  assert.deepEqual(chromiumPlan({ ...missing, isRoot: true, hasSudo: false }), { action: 'install', sudo: false })
  assert.deepEqual(chromiumPlan({ ...missing, isRoot: false, hasSudo: true }), { action: 'install', sudo: true })
})

test('chromiumPlan: stops without the right to install, without apt-get, or with a CHROMIUM_PATH to fix', () => {
  assert.deepEqual(chromiumPlan({ ...missing, isRoot: false, hasSudo: false }), { action: 'stop' })
  assert.deepEqual(chromiumPlan({ ...missing, hasAptGet: false, isRoot: true, hasSudo: true }), { action: 'stop' })
  assert.deepEqual(chromiumPlan({ ...missing, pathFromEnv: true, isRoot: true, hasSudo: true }), { action: 'stop' })
})

test('installCommands: apt-get update then install chromium, non-interactive, through sudo -n when asked', () => {
  assert.deepEqual(installCommands(false), [
    ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
    ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', 'chromium'],
  ])
  for (const argv of installCommands(true)) assert.deepEqual(argv.slice(0, 3), ['sudo', '-n', 'env'])
})

/** A machine for ensureChromium: what exists, who the user is, which commands succeed; records every effect. */
function machine({ env = {}, present = [], root = false, sudo = false, aptGet = true, installWorks = true } = {}) {
  const files = new Set(present)
  const calls = { probes: [], runs: [], logs: [], errors: [] }
  const io = {
    env,
    exists: (path) => files.has(path),
    isRoot: () => root,
    succeeds: (argv) => {
      calls.probes.push(argv.join(' '))
      return argv[0] === 'apt-get' ? aptGet : argv[0] === 'sudo' ? sudo : false
    },
    run: (argv) => {
      calls.runs.push(argv.join(' '))
      if (installWorks && argv.includes('install')) files.add('/usr/bin/chromium')
      return installWorks
    },
    log: (line) => calls.logs.push(line),
    error: (text) => calls.errors.push(text),
  }
  return { io, calls }
}

test('ensureChromium: Chromium present: exit 0, nothing probed, nothing printed', () => {
  const { io, calls } = machine({ present: ['/usr/bin/chromium'] })
  assert.equal(ensureChromium(io), 0)
  assert.deepEqual(calls, { probes: [], runs: [], logs: [], errors: [] })
})

test('ensureChromium: root on Debian: one line, then apt-get update and install, exit 0', () => {
  const { io, calls } = machine({ root: true })
  assert.equal(ensureChromium(io), 0)
  assert.equal(calls.logs.length, 1)
  assert.match(calls.logs[0], /installing Debian's chromium with apt-get/)
  assert.deepEqual(calls.runs, [
    'env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
    'env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
  ])
  assert.deepEqual(calls.errors, [])
})

test('ensureChromium: passwordless sudo: installs through sudo -n', () => {
  const { io, calls } = machine({ sudo: true })
  assert.equal(ensureChromium(io), 0)
  assert.match(calls.logs[0] ?? '', /\(sudo\)/)
  assert.ok(calls.runs.every((run) => run.startsWith('sudo -n env DEBIAN_FRONTEND=noninteractive apt-get')))
})

test('ensureChromium: no right to install: the one instruction, exit 1, nothing run', () => {
  const { io, calls } = machine()
  assert.equal(ensureChromium(io), 1)
  assert.deepEqual(calls.runs, [])
  assert.deepEqual(calls.errors, [missingMessage('/usr/bin/chromium')])
})

test('ensureChromium: a CHROMIUM_PATH that points nowhere is never "fixed" by apt-get', () => {
  const { io, calls } = machine({ env: { CHROMIUM_PATH: '/opt/chrome/chrome' }, root: true })
  assert.equal(ensureChromium(io), 1)
  assert.deepEqual(calls.runs, [])
  assert.deepEqual(calls.errors, [missingMessage('/opt/chrome/chrome')])
})

test('ensureChromium: an empty CHROMIUM_PATH means the default, as in .ci/run', () => {
  const { io } = machine({ env: { CHROMIUM_PATH: '' }, present: ['/usr/bin/chromium'] })
  assert.equal(ensureChromium(io), 0)
})

test('ensureChromium: apt-get fails: says so, then the instruction, exit 1', () => {
  const { io, calls } = machine({ root: true, installWorks: false })
  assert.equal(ensureChromium(io), 1)
  assert.equal(calls.runs.length, 1) // stops after the failing update
  assert.match(calls.errors[0] ?? '', /could not install chromium/)
  assert.equal(calls.errors[1], missingMessage('/usr/bin/chromium'))
})

test('ensureChromium: installed but not at the path (Ubuntu snap): says so, exit 1', () => {
  const { io, calls } = machine({ root: true })
  io.run = (argv) => {
    calls.runs.push(argv.join(' '))
    return true
  }
  assert.equal(ensureChromium(io), 1)
  assert.match(calls.errors[0] ?? '', /nothing is at \/usr\/bin\/chromium/)
})

test('ensureChromium: no apt-get: the instruction, without asking sudo', () => {
  const { io, calls } = machine({ aptGet: false, sudo: true })
  assert.equal(ensureChromium(io), 1)
  assert.deepEqual(calls.runs, [])
  assert.ok(!calls.probes.some((probe) => probe.startsWith('sudo')))
})
