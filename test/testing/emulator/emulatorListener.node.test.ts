// Many requests held at once by a latency fault each listen on the emulator's "down" signal: that is
// the normal case, and must not print Node's MaxListenersExceededWarning (the outbox bench did).
import { afterEach, expect, it } from 'vitest'
import { createCelloEmulator } from '../../../src/testing'

const warnings: Error[] = []
const record = (warning: Error) => warnings.push(warning)
afterEach(() => {
  process.off('warning', record)
})

it('holds 30 requests under a latency fault without a MaxListenersExceededWarning', async () => {
  process.on('warning', record)
  const emulator = await createCelloEmulator()
  try {
    emulator.injectFault({ kind: 'latency', ms: 200, path: '/token', times: Infinity })
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${emulator.url}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accessKeyId: emulator.accessKeyId, secretAccessKey: emulator.secretAccessKey }),
        }).then((response) => response.status),
      ),
    )
    expect(statuses).toEqual(Array.from({ length: 30 }, () => 201))
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning')
  } finally {
    await emulator.close()
  }
})
