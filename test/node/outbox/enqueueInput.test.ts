// What the outbox's enqueue refuses before recording anything (issue 20): ids with control
// characters, and the money rules that need the outbox's own records.
import { describe, expect, it } from 'vitest'
import { CelloValidationError, createCelloClient, createCelloOutbox, memoryOutbox } from '../../../src/server'

function setup() {
  const client = createCelloClient({
    accessKeyId: 'key',
    secretAccessKey: 'secret',
    fetch: () => Promise.reject(new Error('enqueue must not call Cello')),
  })
  const store = memoryOutbox()
  return { outbox: createCelloOutbox({ client, store }), store }
}

const newUser = { id: 'user-1', email: 'bob@example.com' }
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
