// The BFF side: /token calls at a cold start (react-cello's single flight against a naive
// token-per-request flow) and the handler's added latency over calling the emulator directly.
// Everything on loopback, against the emulator. Requests per second and CPU per request are
// bench/bffCpu.mjs's: there the load generator and the server are separate processes.
import { bundleSource } from './bundleSource.mjs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'

/** react-cello's server and testing entries, bundled from source for Node. */
async function load() {
  const file = await bundleSource(
    "export * from './src/server.ts'; export { createCelloEmulator } from './src/testing.ts'",
    'bench-server.mjs',
  )
  return import(file.href)
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

export async function measureBff({ concurrent = 1000, samples = 400 } = {}) {
  const { createCelloClient, createCelloEmulator, createCelloHandler, toNodeHandler } = await load()
  const emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }] })
  const out = {}
  try {
    // 1. /token calls for `concurrent` active-link requests at a cold start.
    const client = createCelloClient({
      baseUrl: emulator.url,
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
    })
    let started = performance.now()
    await Promise.all(Array.from({ length: concurrent }, () => client.getActiveLink('alice')))
    out.cold = { ours: { tokenCalls: emulator.tokenRequests.length, ms: performance.now() - started } }
    emulator.reset()
    started = performance.now()
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        const token = await fetch(`${emulator.url}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey }),
        }).then((r) => r.json())
        await fetch(`${emulator.url}/referral-codes/active-link/alice`, {
          headers: { authorization: `Bearer ${token.accessToken}` },
        }).then((r) => r.json())
      }),
    )
    out.cold.naive = { tokenCalls: emulator.tokenRequests.length, ms: performance.now() - started }
    emulator.reset()

    // 2. Added latency: the same call, directly with the client and through the handler over HTTP.
    const warm = createCelloClient({
      baseUrl: emulator.url,
      accessKeyId: emulator.accessKeyId,
      secretAccessKey: emulator.secretAccessKey,
    })
    const handler = toNodeHandler(
      createCelloHandler({ client: warm, getUser: () => ({ productUserId: 'alice', email: 'alice@example.com' }) }),
    )
    const server = createServer((req, res) => void handler(req, res))
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const bff = `http://127.0.0.1:${server.address().port}/api/cello/active-link`
    await warm.getActiveLink('alice')
    await fetch(bff).then((r) => r.json())
    const direct = []
    const through = []
    for (let i = 0; i < samples; i++) {
      let t = performance.now()
      await warm.getActiveLink('alice')
      direct.push(performance.now() - t)
      t = performance.now()
      await fetch(bff).then((r) => r.json())
      through.push(performance.now() - t)
    }
    out.latency = {
      direct: { p50: percentile(direct, 50), p99: percentile(direct, 99) },
      handler: { p50: percentile(through, 50), p99: percentile(through, 99) },
    }

    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  } finally {
    await emulator.close()
  }
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(JSON.stringify(await measureBff({ samples: 100 }), null, 2))
