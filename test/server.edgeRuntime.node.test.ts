// The BFF inside Vercel's edge runtime (the `edge-runtime` package: no Node built-ins, no
// AbortSignal.any), talking to the Cello emulator that runs in this Node process. Issue 11.
import { build } from 'esbuild'
import { EdgeRuntime, runServer } from 'edge-runtime'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloEmulator, type CelloEmulator } from '../src/testing'

const root = fileURLToPath(new URL('..', import.meta.url))
let emulator: CelloEmulator
let runtime: EdgeRuntime
let server: Awaited<ReturnType<typeof runServer>>

/** The server entry, bundled as an Edge function would be: ESM for the browser platform, no Node. */
async function bundleServerEntry(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "import * as server from './src/server.ts'; globalThis.ReactCelloServer = server",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

beforeAll(async () => {
  emulator = await createCelloEmulator({
    referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1' }],
  })
  // Everything the app would write in its route file, evaluated inside the edge VM.
  const app = `{
    const { createCelloClient, createCelloHandler } = globalThis.ReactCelloServer
    const client = createCelloClient({ accessKeyId: ${JSON.stringify(emulator.accessKeyId)}, secretAccessKey: ${JSON.stringify(emulator.secretAccessKey)}, baseUrl: ${JSON.stringify(emulator.url)} })
    const handler = createCelloHandler({
      client,
      getUser: (request) => (request.headers.get('cookie') ?? '').includes('session=bob')
        ? { productUserId: 'user-bob', email: 'bob@example.com', createdAt: new Date() }
        : null,
    })
    addEventListener('fetch', (event) => event.respondWith(handler(event.request)))
  }`
  runtime = new EdgeRuntime({ initialCode: `${await bundleServerEntry()}\n${app}` })
  server = await runServer({ runtime, host: '127.0.0.1' })
})
afterAll(async () => {
  await server?.close()
  await emulator?.close()
})

describe('createCelloHandler + createCelloClient in edge-runtime', () => {
  it('runs where AbortSignal.any is missing, as in Vercel’s edge runtime', () => {
    expect(runtime.evaluate('typeof AbortSignal.any')).toBe('undefined')
  })

  it('GET /api/cello/active-link answers the signed-in user’s link', async () => {
    const response = await fetch(`${server.url}api/cello/active-link`, { headers: { cookie: 'session=bob' } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      activeUcc: expect.stringMatching(/^[A-Za-z0-9]{11}$/),
      link: expect.stringContaining('https://'),
    })
  })

  it('POST /api/cello/signups reports the signup to Cello', async () => {
    const response = await fetch(`${server.url}api/cello/signups`, {
      method: 'POST',
      headers: {
        cookie: 'session=bob; cello-referral=pNRB1aYqArN',
        origin: server.url.replace(/\/$/, ''),
        'content-type': 'application/json',
      },
      body: '{}',
    })
    expect(response.status).toBe(202)
    expect(await response.json()).toMatchObject({ reported: true })
    expect(emulator.events.map((e) => [e.payload.ucc, e.payload.newUserId])).toEqual([['pNRB1aYqArN', 'user-bob']])
  })
})
