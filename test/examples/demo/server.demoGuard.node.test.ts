import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startDemo } from '../../../examples/demo/server.mjs'

// Issue 20: the demo's own routes checked neither Host nor Origin (DNS rebinding, a text/plain
// cross-site POST), and it accepted production keys. The demo is started as the e2e tests start
// it, and called with the headers a browser on another site would send (Node's fetch cannot set
// Host, so node:http).
let demo: Awaited<ReturnType<typeof startDemo>>
let port: number

beforeAll(async () => {
  vi.stubEnv('CI', '1') // no Vite HMR server (port 24678 would clash with a running npm start)
  vi.stubEnv('CELLO_ENV', undefined)
  vi.stubEnv('CELLO_ACCESS_KEY_ID', undefined)
  vi.stubEnv('CELLO_SECRET_ACCESS_KEY', undefined)
  demo = await startDemo({ port: 0, log: () => {} })
  port = Number(new URL(demo.url).port)
}, 60_000)

afterAll(async () => {
  await demo?.close()
  vi.unstubAllEnvs()
})

beforeEach(() => demo.demo.reset())

interface Sent {
  method?: string
  path: string
  host?: string
  headers?: Record<string, string>
  body?: string
}

/** One request to the demo, with any Host and headers; the status and the parsed JSON body. */
function send({ method = 'GET', path, host = `127.0.0.1:${port}`, headers = {}, body }: Sent) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {
          // HTML (the app) or text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

const signup = JSON.stringify({ email: 'mallory@example.com', name: 'Mallory', ucc: 'pNRB1aYqArN' })
const own = () => `http://127.0.0.1:${port}`
const recorded = async () => (await demo.demo.outbox.list()).length

describe('the demo refuses requests another site could make', () => {
  it('answers at 127.0.0.1, localhost and [::1] on its own port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await send({ path: '/demo/session', host })).status, host).toBe(200)
    }
  })

  it('refuses a foreign Host with 421, reads included (DNS rebinding)', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost.:${port}`]) {
      for (const path of ['/demo/session', '/demo/events', '/api/cello/widget-token', '/']) {
        const answer = await send({ path, host })
        expect(answer.status, `${host} ${path}`).toBe(421)
      }
    }
    const answer = await send({
      method: 'POST',
      path: '/demo/signup',
      host: `evil.example:${port}`,
      headers: { origin: `http://evil.example:${port}`, 'content-type': 'application/json' },
      body: signup,
    })
    expect(answer).toEqual({ status: 421, body: { error: { message: expect.stringContaining('127.0.0.1') } } })
    expect(await recorded()).toBe(0)
  })

  it('refuses a POST that is not application/json with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {}
      expect((await send({ method: 'POST', path: '/demo/signup', headers, body: signup })).status, type).toBe(415)
      const bff = await send({ method: 'POST', path: '/api/cello/signups', headers, body: '{}' })
      expect(bff.status, type).toBe(415)
    }
    expect(await recorded()).toBe(0)
  })

  it('refuses cross-origin POSTs with 403', async () => {
    const json = { 'content-type': 'application/json' }
    const crossOrigin: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: `http://localhost:${port}` }, // another origin than the Host it was sent to
      { origin: `https://127.0.0.1:${port}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: own(), 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of crossOrigin) {
      for (const path of ['/demo/signup', '/demo/cello', '/api/cello/signups']) {
        const answer = await send({ method: 'POST', path, headers: { ...json, ...headers }, body: signup })
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(403)
      }
    }
    expect(await recorded()).toBe(0)
    expect((await send({ path: '/demo/events' })).body).toMatchObject({ celloDown: false })
  })

  it('takes a JSON POST from its own page, and one without Origin (curl)', async () => {
    const headers = { 'content-type': 'application/json', origin: own(), 'sec-fetch-site': 'same-origin' }
    expect((await send({ method: 'POST', path: '/demo/signup', headers, body: signup })).status).toBe(201)
    const local = { 'content-type': 'application/json; charset=utf-8', origin: `http://localhost:${port}` }
    const body = JSON.stringify({ email: 'eve@example.com', name: 'Eve', ucc: 'pNRB1aYqArN' })
    const answer = await send({ method: 'POST', path: '/demo/signup', host: `localhost:${port}`, headers: local, body })
    expect(answer.status).toBe(201)
    const curl = await send({
      method: 'POST',
      path: '/demo/login',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(curl.status).toBe(200)
    expect(await recorded()).toBe(2)
  })
})

describe('npm start with production keys', () => {
  it('refuses to start, in one line that says to use sandbox keys or none', { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'react-cello-demo-'))
    try {
      const child = spawn(process.execPath, ['examples/demo/server.mjs'], {
        env: {
          ...process.env,
          CI: '1',
          PORT: '0',
          DEMO_DATA_DIR: dataDir,
          DATABASE_URL: '',
          CELLO_ENV: 'production',
          CELLO_ACCESS_KEY_ID: 'not-a-real-key-id',
          CELLO_SECRET_ACCESS_KEY: 'not-a-real-secret',
        },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      // Without the refusal the demo would come up and serve: stop it after 20 s and fail.
      const timer = setTimeout(() => child.kill(), 20_000)
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      clearTimeout(timer)
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr.trim().split('\n')).toEqual([
        'The demo refuses CELLO_ENV=production: use Cello sandbox keys (CELLO_ENV=sandbox or unset) or no keys at all (the local emulator).',
      ])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
