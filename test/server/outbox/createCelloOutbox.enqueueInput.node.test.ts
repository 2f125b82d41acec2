// What the outbox's enqueue refuses before recording anything (issue 20): ids with control
// characters, and the money rules that need the outbox's own records.
import { describe, expect, it } from 'vitest'
import {
  CelloValidationError,
  createCelloClient,
  createCelloOutbox,
  memoryOutbox,
  postgresOutbox,
  type CelloClientOptions,
} from '../../../src/server'
import { dropTable, openPostgres, suitePglite, uniqueTable } from './databases'

function setup(options: Partial<CelloClientOptions> = {}) {
  const client = createCelloClient({
    accessKeyId: 'key',
    secretAccessKey: 'secret',
    fetch: () => Promise.reject(new Error('enqueue must not call Cello')),
    ...options,
  })
  const store = memoryOutbox()
  return { outbox: createCelloOutbox({ client, store }), store }
}

const newUser = { id: 'user-1', email: 'bob@example.com' }
const paid = {
  ucc: 'pNRB1aYqArN',
  newUser,
  price: 49.99,
  currency: 'EUR',
  subscription: { invoiceId: 'in_1', interval: 'monthly' as const, productKey: 'Pro' },
}
const refund = { ucc: 'pNRB1aYqArN', newUser, price: 10, currency: 'EUR', subscription: { invoiceId: 'in_1' } }

/** The issues of the CelloValidationError `call` rejects with, as `path: message`. */
async function refused(call: Promise<unknown>): Promise<string[]> {
  const error = await call.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CelloValidationError)
  return (error as CelloValidationError).issues.map((i) => `${i.path}: ${i.message}`)
}

describe('enqueue: ids', () => {
  it('refuses a refundId with a control character and records nothing', async () => {
    const { outbox } = setup()
    for (const refundId of ['re_1\u0000', 're\r\n1', 're_\u0085']) {
      expect(await refused(outbox.enqueue('charge-refunded', refund, { refundId }))).toEqual([
        expect.stringMatching(/^refundId: .*control characters/),
      ])
    }
    expect(await outbox.list()).toEqual([])
  })
})

// Issue 20: a refund larger than anything paid was accepted, and money had no bound.
describe('enqueue: money', () => {
  it('refuses a refund above the recorded invoice-paid, or in another currency, and records nothing', async () => {
    const { outbox } = setup()
    await outbox.enqueue('invoice-paid', paid)
    expect(await refused(outbox.enqueue('charge-refunded', { ...refund, price: 50 }))).toEqual([
      "price: must be at most 49.99 EUR, what was paid (the outbox's invoice-paid:in_1)",
    ])
    expect(
      await refused(outbox.enqueue('charge-refunded', { ...refund, currency: 'USD' }, { refundId: 're_1' })),
    ).toEqual(["currency: must be EUR, the currency of the payment it refunds (the outbox's invoice-paid:in_1)"])
    expect((await outbox.list()).map((e) => e.key)).toEqual(['invoice-paid:in_1'])
  })

  it('records a refund up to what was paid, partial ones under their refundId, and one whose payment it has not seen', async () => {
    const { outbox } = setup()
    await outbox.enqueue('invoice-paid', paid)
    await outbox.enqueue('charge-refunded', { ...refund, price: 10 }, { refundId: 're_1' })
    await outbox.enqueue('charge-refunded', { ...refund, price: 49.99, currency: 'eur' }, { refundId: 're_2' })
    // Paid through Stripe's webhook, or before the outbox: nothing to compare with.
    await outbox.enqueue('charge-refunded', { ...refund, price: 500, subscription: { invoiceId: 'in_other' } })
    expect((await outbox.list()).map((e) => e.key)).toEqual([
      'invoice-paid:in_1',
      'charge-refunded:re_1',
      'charge-refunded:re_2',
      'charge-refunded:in_other',
    ])
  })

  it("checks its client's maxPrice and the money rules before recording", async () => {
    const { outbox } = setup({ maxPrice: { EUR: 100 } })
    expect(await refused(outbox.enqueue('invoice-paid', { ...paid, price: 4999 }))).toEqual([
      "price: must be at most 100 EUR (createCelloClient's maxPrice)",
    ])
    expect(await refused(outbox.enqueue('invoice-paid', { ...paid, price: 1e308 }))).toEqual([
      expect.stringMatching(/^price: must be at most \d+ EUR/),
    ])
    expect(await refused(outbox.enqueue('invoice-paid', { ...paid, price: 5e-324 }))).toEqual([
      expect.stringMatching(/^price: must have at most 2 decimals/),
    ])
    expect(await refused(outbox.enqueue('invoice-paid', { ...paid, currency: 'XXX' }))).toEqual([
      expect.stringMatching(/^currency: must be an active ISO 4217/),
    ])
    expect(await outbox.list()).toEqual([])
  })
})

// The refund check reads what was paid through the caller's transaction when the refund is enqueued
// in one: a read beside it waited forever for the transaction's own lock on PGlite (the demo's
// refund hung), and on PostgreSQL it could not see a payment recorded earlier in that transaction.
describe('enqueue in the caller transaction: the refund check reads through it', () => {
  const client = () =>
    createCelloClient({
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      fetch: () => Promise.reject(new Error('enqueue must not call Cello')),
    })

  // Opened before the test: a PGlite's first start (initdb) took over 20 s on a loaded machine.
  const pglite = suitePglite()

  it('PGlite: a refund enqueued inside db.transaction is checked, and does not wait for its own lock', async () => {
    const db = pglite()
    const store = postgresOutbox({ executor: db, table: 'refund_tx' })
    await store.createSchema()
    const outbox = createCelloOutbox({ client: client(), store })
    await outbox.enqueue('invoice-paid', paid)
    const inTransaction = db.transaction(async (tx) => {
      await expect(
        refused(outbox.enqueue('charge-refunded', { ...refund, price: 50 }, { executor: tx })),
      ).resolves.toEqual(["price: must be at most 49.99 EUR, what was paid (the outbox's invoice-paid:in_1)"])
      return outbox.enqueue('charge-refunded', refund, { executor: tx })
    })
    const hung = new Promise((resolve) => setTimeout(resolve, 5000, 'still waiting after 5 s'))
    expect(await Promise.race([inTransaction, hung])).toEqual({ key: 'charge-refunded:in_1', enqueued: true })
  }, 20_000)

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL: sees the invoice-paid its own transaction recorded (skipped without DATABASE_URL)',
    async () => {
      const db = await openPostgres(process.env.DATABASE_URL!)
      const table = uniqueTable()
      const connection = await db.connect()
      try {
        const store = postgresOutbox({ executor: db.executor(), table })
        await store.createSchema()
        const outbox = createCelloOutbox({ client: client(), store })
        await connection.query('BEGIN')
        await outbox.enqueue('invoice-paid', paid, { executor: connection })
        expect(
          await refused(outbox.enqueue('charge-refunded', { ...refund, price: 50 }, { executor: connection })),
        ).toEqual(["price: must be at most 49.99 EUR, what was paid (the outbox's invoice-paid:in_1)"])
        await connection.query('ROLLBACK')
      } finally {
        connection.release()
        await dropTable(db, table)
        await db.close()
      }
    },
    20_000,
  )
})
