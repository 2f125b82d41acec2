// Three instances of the BFF behind a load balancer, one database: a user who double-submits the
// signup form on every instance at once still makes exactly one new-signup at Cello.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCelloClient,
  createCelloHandler,
  createCelloOutbox,
  postgresOutbox,
  toNodeHandler,
} from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import { dropTable, engines, uniqueTable, type TestDatabase, DB_HOOK_TIMEOUT } from './databases'
import { stressSize } from '../../support/stressSize'

const USERS = stressSize(5, 20) // 20 in npm run test:stress

describe.each(engines)('three BFF instances on one $name', (engine) => {
  let db: TestDatabase
  let emulator: CelloEmulator
  const servers: Server[] = []
  const urls: string[] = []
  const table = uniqueTable()

  beforeAll(async () => {
    db = await engine.open()
    emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }] })
    await postgresOutbox({ executor: db.executor(), table }).createSchema()
    for (let i = 0; i < 3; i++) {
      // Each instance has its own client, its own connection pool and its own outbox object.
      const client = createCelloClient({
        baseUrl: emulator.url,
        accessKeyId: emulator.accessKeyId,
        secretAccessKey: emulator.secretAccessKey,
      })
      const outbox = createCelloOutbox({ client, store: postgresOutbox({ executor: db.executor(), table }) })
      const handler = toNodeHandler(
        createCelloHandler({
          client,
          outbox,
          getUser: (request) => {
            const id = request.headers.get('x-user')
            return id ? { productUserId: id, email: `${id}@example.com`, createdAt: new Date() } : null
          },
          onError: () => {},
        }),
      )
      const server = createServer((req, res) => void handler(req, res))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      servers.push(server)
      urls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
    }
  }, DB_HOOK_TIMEOUT)
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    await emulator.close()
    await dropTable(db, table)
    await db.close()
  })

  it(`a double submit on each of 3 instances is 1 new-signup, for each of ${USERS} users`, async () => {
    emulator.injectFault({ kind: 'latency', ms: 30, path: '/events', times: Infinity })
    const submit = (url: string, user: string) =>
      fetch(`${url}/api/cello/signups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, 'x-user': user },
        body: JSON.stringify({ ucc: 'pNRB1aYqArN' }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { reported: unknown; duplicate?: boolean },
      }))
    const users = Array.from({ length: USERS }, (_, i) => `user-${i}`)
    const answers = await Promise.all(
      users.flatMap((user) => urls.flatMap((url) => [submit(url, user), submit(url, user)])),
    )

    for (const user of users)
      expect([user, emulator.events.filter((e) => e.payload.newUserId === user).length]).toEqual([user, 1])
    expect(emulator.events).toHaveLength(USERS)
    // Per user: one request recorded the event (202), the other five were told it is a duplicate (200).
    expect(answers.filter((a) => a.status === 202)).toHaveLength(USERS)
    expect(answers.filter((a) => a.status === 200 && a.body.duplicate === true)).toHaveLength(USERS * 5)
    // What it checks is a count, not a speed: at load 13–14 the 120 requests took 5.2 s, over
    // Vitest's default 5 s.
  }, 30_000)
})
