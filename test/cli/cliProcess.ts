// The `react-cello` command as a user runs it: a Node process, its arguments, environment, exit code
// and output. The source is bundled once per test file with esbuild (packages stay imports, as in
// dist/), into .cache/ inside the repository so that `pg` and `zod` resolve from its node_modules;
// scripts/check-build.mjs runs the built dist/cli.js itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Bundles src/cli.ts; resolves to the file and a cleanup. */
export async function buildCli(): Promise<{ file: string; remove(): void }> {
  const dir = join(root, '.cache', 'cli-test', `${process.pid}-${Math.random().toString(36).slice(2)}`)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'cli.mjs')
  await build({
    entryPoints: [join(root, 'src/cli.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  })
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Only what the test gives: the developer's own CELLO_* keys or DATABASE_URL never leak in. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '', NODE_ENV: 'test' })

/** Runs the command to its end. */
export function runCli(file: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { env: { ...baseEnv(), ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.stdin.end()
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A running command (the emulator): its output so far, and a wait for a line. */
export function startCli(file: string, args: string[], env: Record<string, string> = {}) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [file, ...args], {
    env: { ...baseEnv(), ...env },
  })
  let stdout = ''
  let stderr = ''
  const waiters: (() => void)[] = []
  const wake = () => waiters.splice(0).forEach((w) => w())
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
    wake()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
    wake()
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return {
    child,
    get stdout() {
      return stdout
    },
    exited,
    /** The first match of `pattern` in the output after `from` characters; rejects after `ms` with what was printed. */
    waitFor(pattern: RegExp, from = 0, ms = 20_000): Promise<RegExpExecArray> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} within ${ms} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)),
          ms,
        )
        const check = () => {
          const match = pattern.exec(stdout.slice(from))
          if (match) {
            clearTimeout(timer)
            resolve(match)
          } else waiters.push(check)
        }
        check()
      })
    },
    /** Types a line; resolves to the output offset before it, for waitFor. */
    type(line: string): number {
      const offset = stdout.length
      child.stdin.write(`${line}\n`)
      return offset
    },
  }
}
