import { spawn } from 'node:child_process'
import { rmdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Issue 21: `npm start` was silent for ~20 s while the demo booted, then printed the machine's
// absolute data folder. This runs the real `npm start` (package.json's script, through npm) on a
// free port, reads its output until the URL line, and stops it. Slow (PGlite compiles PostgreSQL's
// WebAssembly): left out of `npm run test:quick`.
const PROJECT = fileURLToPath(new URL('../../..', import.meta.url))
// Inside the demo's own git-ignored data folder, beside (never in) a running `npm start`'s PGlite.
const DATA = `examples/demo/.data/start-test-${process.pid}`

/** Runs `npm start` until `until` matches its output (or it exits, or 150 s pass), then stops it. */
async function npmStart(until: RegExp): Promise<{ stdout: string; stderr: string; lines: string[] }> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: PROJECT,
    // Its own process group: the stop below reaches npm and the node it started, and nothing else.
    detached: true,
    env: { ...process.env, CI: '1', PORT: '0', DEMO_DATA_DIR: DATA, DATABASE_URL: '' },
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 150_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (until.test(stdout)) resolve()
    })
    void exited.then(resolve)
    void exited.then(() => clearTimeout(timer))
  })
  if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM')
  await exited
  return { stdout, stderr, lines: stdout.split('\n').filter((line) => line.trim()) }
}

describe('npm start', () => {
  it('says what it is doing while the demo boots, then the URL and what to do', { timeout: 180_000 }, async () => {
    try {
      const { stdout, stderr, lines } = await npmStart(/Open a referral link from Alice: .*\n/)
      expect(stderr).toBe('')
      // A line as each step starts and one as it ends, each with the seconds since the start.
      const steps = lines.filter((line) => line.startsWith('[demo '))
      for (const line of steps) expect(line).toMatch(/^\[demo \d+\.\ds\] \S/)
      expect(steps.map((line) => line.replace(/^\[demo \d+\.\ds\] /, '').replace(/ \(\d+\.\ds\)$/, ''))).toEqual([
        'starting Vite (it serves the app in examples/demo/src)…',
        'Vite started',
        "loading the demo's backend (examples/demo/demoServer.ts)…",
        'backend loaded',
        `opening the database: PGlite in ${DATA}/pglite…`,
        'database open',
        'starting the Cello emulator…',
        'Cello emulator started',
        'ready',
      ])
      // The first line comes at once, before Vite or the database; the last one after both.
      expect(lines[0]).toMatch(/^\[demo 0\.\ds\] starting Vite/)
      const url = /Moonly, the react-cello demo: (http:\/\/127\.0\.0\.1:\d+)$/.exec(
        lines.find((line) => line.includes('Moonly')) ?? '',
      )?.[1]
      expect(url).toBeDefined()
      expect(stdout).toContain(
        `Data: PGlite in ${DATA}/pglite; what the emulator received: ${DATA}/cello-emulator.json`,
      )
      expect(stdout).toContain(`Open a referral link from Alice: ${url}/?ucc=pNRB1aYqArN&celloN=QWxpY2U`)
      // Paths relative to the project: never the machine's.
      expect(stdout).not.toContain(PROJECT.replace(/\/$/, ''))
    } finally {
      rmSync(`${PROJECT}/${DATA}`, { recursive: true, force: true })
      try {
        rmdirSync(`${PROJECT}/examples/demo/.data`) // only if this test created it (it is empty)
      } catch {
        // a running demo's data: kept
      }
    }
  })
})
