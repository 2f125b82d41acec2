// Browser tests drive Debian's Chromium. Where it is missing, install it when this user may (root,
// or passwordless sudo, on a machine with apt-get), as .ci/run does, so that the README's
// `npm ci && npm test` passes by itself on a fresh Debian or Ubuntu machine; elsewhere say in one
// place how to get it, and stop.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * What to do about Chromium, from the facts of this machine: `ready` when the binary is there;
 * `install` (with `sudo` or not) when it is missing at the default path on a machine with apt-get
 * and this user may install; `stop` otherwise. A `CHROMIUM_PATH` that points nowhere is the user's
 * choice to fix, never a reason to install something else.
 *
 * @param {{ path: string, pathFromEnv: boolean, exists: boolean, hasAptGet: boolean, isRoot: boolean, hasSudo: boolean }} facts
 * @returns {{ action: 'ready' } | { action: 'install', sudo: boolean } | { action: 'stop' }}
 */
export function chromiumPlan(facts) {
  if (facts.exists) return { action: 'ready' }
  if (facts.pathFromEnv || !facts.hasAptGet) return { action: 'stop' }
  if (facts.isRoot) return { action: 'install', sudo: false }
  if (facts.hasSudo) return { action: 'install', sudo: true }
  return { action: 'stop' }
}

/** The commands that install Debian's `chromium`, non-interactively, as .ci/run runs them. */
export function installCommands(sudo) {
  const asRoot = (argv) => (sudo ? ['sudo', '-n', ...argv] : argv)
  const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get']
  return [asRoot([...apt, 'update', '-qq']), asRoot([...apt, 'install', '-y', '-qq', 'chromium'])]
}

/** The instruction printed wherever Chromium cannot be installed from here. */
export function missingMessage(path) {
  return (
    `[react-cello] Chromium not found at ${path}. The browser tests need it.\n` +
    '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium\n' +
    '  Elsewhere:      set CHROMIUM_PATH to a Chromium or Chrome binary.\n' +
    '  (bash .ci/run installs it automatically where apt-get is available.)'
  )
}

/**
 * Checks for Chromium and installs it when `chromiumPlan` says so; returns the exit code. Every
 * effect comes in through `io`, so a test can drive each branch without touching the machine.
 *
 * @param {{
 *   env: Record<string, string | undefined>,
 *   exists: (path: string) => boolean,
 *   isRoot: () => boolean,
 *   succeeds: (argv: string[]) => boolean,
 *   run: (argv: string[]) => boolean,
 *   log: (line: string) => void,
 *   error: (text: string) => void,
 * }} io
 */
export function ensureChromium(io) {
  const pathFromEnv = Boolean(io.env.CHROMIUM_PATH)
  const path = io.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH
  const exists = io.exists(path)
  // Only a missing Chromium at the default path, with apt-get, is worth asking who we are
  // (`sudo -n` can take a moment, and is logged on some hosts).
  const hasAptGet = !exists && !pathFromEnv && io.succeeds(['apt-get', '--version'])
  const isRoot = hasAptGet && io.isRoot()
  const hasSudo = hasAptGet && !isRoot && io.succeeds(['sudo', '-n', 'true'])
  const plan = chromiumPlan({ path, pathFromEnv, exists, hasAptGet, isRoot, hasSudo })
  if (plan.action === 'ready') return 0
  if (plan.action === 'install') {
    io.log(
      `[react-cello] Chromium not found at ${path}: installing Debian's chromium with apt-get${plan.sudo ? ' (sudo)' : ''} for the browser tests…`,
    )
    const installed = installCommands(plan.sudo).every((argv) => io.run(argv))
    if (installed && io.exists(path)) return 0
    io.error(
      installed
        ? `[react-cello] apt-get installed chromium, but nothing is at ${path} (on Ubuntu the package is a snap: set CHROMIUM_PATH to its binary).`
        : '[react-cello] apt-get could not install chromium (its error is above).',
    )
  }
  io.error(missingMessage(path))
  return 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = ensureChromium({
    env: process.env,
    exists: existsSync,
    isRoot: () => process.getuid?.() === 0,
    succeeds: ([command, ...args]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0,
    // apt-get's progress is noise here; its errors still reach stderr.
    run: ([command, ...args]) => spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0,
    log: (line) => console.log(line),
    error: (text) => console.error(text),
  })
}
