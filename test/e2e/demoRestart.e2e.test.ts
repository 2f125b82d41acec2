import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startDemo, type StartDemoOptions } from '../../examples/demo/server.mjs'

// Restarting the demo while Cello is down loses nothing: the signup's event was committed with the
// user, so the next run delivers it, once. Over HTTP (no browser), on the demo's own data folder,
// and on PostgreSQL too when DATABASE_URL is set.
const UCC = 'pNRB1aYqArN'
const PROJECT = fileURLToPath(new URL('../..', import.meta.url))
const folders: string[] = []
const prefixes: string[] = []

afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  if (!prefixes.length) return
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  for (const p of prefixes) {
    await client.query(`DROP TABLE IF EXISTS ${p}sessions, ${p}invoices, ${p}users, ${p}cello_outbox`)
    await client.query(`DROP SEQUENCE IF EXISTS ${p}user_seq, ${p}invoice_seq`)
  }
  await client.end()
})

const storages: { name: string; options: () => StartDemoOptions }[] = [
  { name: 'PGlite in the data folder', options: () => ({}) },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'PostgreSQL (DATABASE_URL)',
          options: () => {
            // Tables of their own: never those of a demo someone runs on the same database.
            const tablePrefix = `demo_t${process.pid}_${Date.now().toString(36)}_`
            prefixes.push(tablePrefix)
            return { databaseUrl: process.env.DATABASE_URL, tablePrefix }
          },
        },
      ]
    : []),
]

async function post(url: string, body: unknown, cookie?: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
}

describe.each(storages)('restarting the demo on $name', ({ options }) => {
  it(
    'delivers a signup made while Cello was down exactly once, after a restart, and keeps the user signed in',
    { timeout: 90_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'react-cello-demo-'))
      folders.push(dataDir)
      const settings: StartDemoOptions = { port: 0, log: () => {}, dataDir, ...options() }
      const key = 'new-signup:user-1'

      const first = await startDemo(settings)
      let cookie: string
      try {
        // The events panel says where the data lives relative to the project (here ../../tmp/…),
        // never as the machine's absolute path.
        const panel = (await (await fetch(`${first.url}/demo/events`)).json()) as { storage: string }
        expect(panel.storage).not.toContain(` ${dataDir}`)
        if (!settings.databaseUrl) expect(panel.storage).toBe(`PGlite in ${relative(PROJECT, join(dataDir, 'pglite'))}`)
        expect((await post(`${first.url}/demo/cello`, { down: true })).status).toBe(200)
        const signup = await post(`${first.url}/demo/signup`, { email: 'restart@example.com', name: 'Rita', ucc: UCC })
        expect(signup.status).toBe(201)
        cookie = signup.headers.get('set-cookie')!.split(';')[0]!
        // The outbox has tried, and Cello refused the connection: the event waits, queued.
        await expect
          .poll(async () => (await first.demo.outbox.get(key))?.attempts ?? 0, { timeout: 10_000 })
          .toBeGreaterThan(0)
        expect((await first.demo.outbox.get(key))?.state).toMatch(/^(queued|sending)$/)
        expect(first.demo.emulator!.events).toEqual([])
      } finally {
        await first.close()
      }

      // Next run, Cello is up: the sweeper finds the event the first run left, and sends it.
      const second = await startDemo(settings)
      try {
        await expect.poll(async () => (await second.demo.outbox.get(key))?.state, { timeout: 15_000 }).toBe('delivered')
        await second.demo.outbox.drain()
        const signups = second.demo.emulator!.events.filter((e) => e.context.event.trigger === 'new-signup')
        expect(signups).toHaveLength(1)
        expect(signups[0]).toMatchObject({
          payload: { ucc: UCC, newUserId: 'user-1' },
          context: { newUser: { email: 'restart@example.com' } },
        })
        const session = await (await fetch(`${second.url}/demo/session`, { headers: { cookie } })).json()
        expect(session).toMatchObject({
          user: { id: 'user-1', email: 'restart@example.com' },
          referral: { key, state: 'delivered' },
        })
      } finally {
        await second.close()
      }

      // And the run after that sends nothing more: Cello (its state file) still has the one signup.
      const third = await startDemo(settings)
      try {
        await third.demo.outbox.drain()
        expect(third.demo.emulator!.events.filter((e) => e.context.event.trigger === 'new-signup')).toHaveLength(1)
        expect(third.demo.emulator!.requests.filter((r) => r.path === '/events')).toEqual([])
        expect((await third.demo.outbox.list()).map((e) => [e.key, e.state])).toEqual([[key, 'delivered']])
      } finally {
        await third.close()
      }
    },
  )
})
