// POST /signups's rules, called directly (no router, no HTTP): the module answers in the contract's
// terms, or with a problem Response. The route's behaviour over HTTP is createCelloHandler.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, createCelloOutbox, type CelloOutbox, type CelloUser } from '../../../src/server'
import { reportSignup, type SignupRules } from '../../../src/server/handler/reportSignup'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'

let emulator: CelloEmulator
let rules: SignupRules
let outbox: CelloOutbox
const errors: unknown[] = []

const dana: CelloUser = { productUserId: 'user-dana', email: 'dana@example.com', createdAt: new Date() }
const request = () => new Request('https://app.example.com/api/cello/signups', { method: 'POST' })

beforeAll(async () => {
  emulator = await createCelloEmulator({ referrers: [{ productUserId: 'alice', ucc: 'pNRB1aYqArN' }] })
  const client = createCelloClient({
    accessKeyId: emulator.accessKeyId,
    secretAccessKey: emulator.secretAccessKey,
    baseUrl: emulator.url,
  })
  outbox = createCelloOutbox({ client })
  rules = {
    client,
    attribution: 'user',
    newUserWindowMs: 60_000,
    deliverWaitMs: 3000,
    outbox: () => outbox,
    onError: (error) => errors.push(error),
  }
})

afterAll(async () => {
  await emulator.close()
})

describe('reportSignup', () => {
  it('answers no_referral when there is no code, recording no event, only its decision in the trace', async () => {
    expect(await reportSignup(request(), dana, {}, rules)).toEqual({
      answer: { reported: false, reason: 'no_referral' },
    })
    expect(await outbox.list()).toEqual([])
    expect((await outbox.explain('user-dana')).decisions).toMatchObject([{ outcome: 'refused', reason: 'no_referral' }])
  })

  it('refuses a code of the wrong shape with the 400 problem body', async () => {
    const reply = await reportSignup(request(), dana, { ucc: 'not a code!' }, rules)
    if (!(reply instanceof Response)) throw new Error('expected a problem Response')
    expect(reply.status).toBe(400)
    expect(await reply.json()).toMatchObject({ error: { code: 'bad_request' } })
  })

  it("refuses the referrer's own code with 403 self_referral, recording nothing", async () => {
    const alice: CelloUser = { productUserId: 'alice', email: 'alice@example.com', createdAt: new Date() }
    const reply = await reportSignup(request(), alice, { ucc: 'pNRB1aYqArN' }, rules)
    if (!(reply instanceof Response)) throw new Error('expected a problem Response')
    expect(reply.status).toBe(403)
    expect(await reply.json()).toMatchObject({ error: { code: 'self_referral' } })
    expect(await outbox.list()).toEqual([])
    expect((await outbox.explain('alice')).decisions).toMatchObject([{ outcome: 'refused', reason: 'self_referral' }])
  })

  it('records and delivers a new signup (202), then answers a second report as a duplicate (200)', async () => {
    expect(await reportSignup(request(), dana, { ucc: 'pNRB1aYqArN' }, rules)).toEqual({
      answer: { reported: true },
      status: 202,
    })
    expect(await reportSignup(request(), dana, { ucc: 'pNRB1aYqArN' }, rules)).toEqual({
      answer: { reported: true, duplicate: true },
      status: 200,
    })
    expect(emulator.events.map((event) => event.payload.newUserId)).toEqual(['user-dana'])
    expect(errors).toEqual([])
  })
})
