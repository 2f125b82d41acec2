// The drainer's CPU per event with no database and no network: (1) µs per `sendEvent` through the
// client's transport (fetch stubbed), (2) µs per event drained from the in-memory store (the send
// stubbed the same way). Prints JSON. Compare versions with BENCH_SOURCE_ROOT (see outboxTools.mjs);
// profile with `node --cpu-prof bench/outboxSendMicro.mjs`.
// Alone: `node bench/outboxSendMicro.mjs [--sends 20000] [--events 20000]`.
import { loadavg } from 'node:os'
import { UCC, load, stubClient } from './outboxTools.mjs'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const sends = arg('sends', 20_000)
const events = arg('events', 20_000)
const mod = await load()
const client = stubClient(mod)
const envelope = mod.buildEvent('invoice-paid', {
  ucc: UCC,
  newUser: { id: 'u1', email: 'u1@example.com' },
  price: 10,
  currency: 'EUR',
  subscription: { invoiceId: 'in_1', interval: 'monthly', productKey: 'pro' },
})
const caller = new AbortController()

async function sendLoop(n) {
  const started = performance.now()
  for (let i = 0; i < n; i++) await client.sendEvent(envelope, { retries: 0, signal: caller.signal })
  return ((performance.now() - started) * 1000) / n
}

async function drainLoop(n) {
  const outbox = mod.createCelloOutbox({ client, store: mod.memoryOutbox(), batchSize: 50 })
  for (let i = 0; i < n; i++)
    await outbox.enqueue('invoice-paid', {
      ucc: UCC,
      newUser: { id: `u${i}`, email: `u${i}@example.com` },
      price: 10,
      currency: 'EUR',
      subscription: { invoiceId: `in_${i}`, interval: 'monthly', productKey: 'pro' },
    })
  const started = performance.now()
  const summary = await outbox.drain()
  if (summary.delivered !== n) throw new Error(`delivered ${summary.delivered} of ${n}`)
  return ((performance.now() - started) * 1000) / n
}

await sendLoop(2000) // warm-up
const result = {
  load: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
  usPerSend: [],
  usPerDrainedEvent: [],
}
for (let run = 0; run < 3; run++) {
  result.usPerSend.push(+(await sendLoop(sends)).toFixed(1))
  result.usPerDrainedEvent.push(+(await drainLoop(events)).toFixed(1))
}
console.log(JSON.stringify(result))
