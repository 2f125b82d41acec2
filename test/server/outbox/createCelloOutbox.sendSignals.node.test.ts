// The drainer's abort signals: one timer per batch, a plain controller per event in progress (so a
// batch of concurrent sends never piles listeners on one signal), and no listener left on a
// caller's long-lived signal after the client's calls end.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCelloClient, createCelloOutbox, memoryOutbox } from '../../../src/server'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

const UCC = 'pNRB1aYqArN'
let emulator: CelloEmulator
beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: UCC }] })
})
afterAll(() => emulator.close())

const client = () =>
  createCelloClient({
    baseUrl: emulator.url,
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
  })
const invoice = (i: number) => ({
  ucc: UCC,
  newUser: { id: `sig${i}`, email: `sig${i}@example.com` },
  price: 49,
  currency: 'EUR',
  subscription: { invoiceId: `in_sig${i}`, interval: 'monthly' as const, productKey: 'Pro' },
})

it('drains 40 events 20 at a time without a MaxListenersExceededWarning: no signal is shared by the sends', async () => {
  const warnings: string[] = []
  const onWarning = (warning: Error) => warnings.push(warning.name)
  process.on('warning', onWarning)
  try {
    const outbox = createCelloOutbox({ client: client(), store: memoryOutbox(), concurrency: 20, batchSize: 40 })
    for (let i = 0; i < 40; i++) await outbox.enqueue('invoice-paid', invoice(i))
    expect(await outbox.drain()).toMatchObject({ claimed: 40, delivered: 40 })
    await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on the next tick
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  } finally {
    process.off('warning', onWarning)
  }
})

it("leaves no listener on the caller's signal once each call has ended", async () => {
  const caller = new AbortController()
  let listeners = 0
  const add = caller.signal.addEventListener.bind(caller.signal)
  const remove = caller.signal.removeEventListener.bind(caller.signal)
  caller.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
    listeners += 1
    add(...args)
  }
  caller.signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
    listeners -= 1
    remove(...args)
  }
  const cello = client()
  for (let i = 0; i < 5; i++) await cello.trackInvoicePaid(invoice(100 + i), { signal: caller.signal })
  expect(emulator.events.length).toBeGreaterThanOrEqual(5)
  expect(listeners).toBe(0)
})
