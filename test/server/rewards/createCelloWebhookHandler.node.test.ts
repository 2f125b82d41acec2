import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createCelloEmulator, type CelloEmulator } from '../../../src/testing'
import type { CelloReward, RewardContext } from '../../../src/server'
import { rewardEngines, type RewardEngine } from './rewardEngines'
import { CREDENTIALS, startWebhookServer, type WebhookServer } from './webhookServer'

const HOOK_TIMEOUT = 60_000
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`
const body = (eventId: string, extra: Record<string, unknown> = {}) => ({
  version: '1.0.3',
  eventType: 'new-reward',
  createdTs: '2024-07-20T12:34:56.789Z',
  eventId,
  data: { rewardId: 'rwd_1', productUserId: 'alice', rewardType: 'credits', reward: { amount: 500 } },
  ...extra,
})

describe.each(rewardEngines)('createCelloWebhookHandler on $name', ({ open }) => {
  let engine: RewardEngine
  let server: WebhookServer
  let emulator: CelloEmulator
  /** onReward's behaviour per test: credit, or something slower or failing first. */
  let onReward: (reward: CelloReward, context: RewardContext<unknown>) => Promise<void>
  const unknown: string[] = []

  beforeAll(async () => {
    engine = await open()
    server = await startWebhookServer({
      ledger: engine.ledger,
      onReward: (reward, context) => onReward(reward, context),
      onUnknown: (event) => void unknown.push(event.eventType),
      maxBodyBytes: 4096,
    })
    emulator = await createCelloEmulator({
      rewardWebhook: { url: server.url, ...CREDENTIALS, retryDelayMs: 5, maxAttempts: 4 },
    })
  }, HOOK_TIMEOUT)
  afterAll(async () => {
    await emulator?.close()
    await server?.close()
    await engine?.close()
  }, HOOK_TIMEOUT)
  beforeEach(() => {
    onReward = (reward, context) => engine.credit(reward, context)
  })
  afterEach(() => emulator.reset())

  const post = (init: RequestInit & { json?: unknown }) =>
    fetch(server.url, {
      method: 'POST',
      ...init,
      headers: {
        authorization: basic(CREDENTIALS.username, CREDENTIALS.password),
        'content-type': 'application/json; charset=utf-8',
        'x-cello-env': 'prod',
        ...(init.headers as Record<string, string> | undefined),
      },
      body: init.body ?? JSON.stringify(init.json),
    })

  it('credits a reward once, and answers its duplicates 200 duplicate', async () => {
    const sent = await emulator.sendReward({ productUserId: 'dup-user', amount: 500 }, { duplicates: 2 })
    expect(sent.outcome).toBe('delivered')
    expect(sent.deliveries.map((d) => d.status)).toEqual([200, 200, 200])
    expect(sent.deliveries.map((d) => JSON.parse(d.response).duplicate)).toEqual([false, true, true])
    expect(await engine.balance('dup-user')).toBe(500)
    const recorded = await engine.ledger.get(sent.eventId)
    expect(recorded).toMatchObject({ eventType: 'new-reward', productUserId: 'dup-user', amount: 500 })
  })

  it('two deliveries at once: the second waits for the first and answers duplicate, one credit', async () => {
    onReward = async (reward, context) => {
      await new Promise((resolve) => setTimeout(resolve, 150)) // both are in flight meanwhile
      await engine.credit(reward, context)
    }
    const sent = await emulator.sendReward(
      { productUserId: 'race-user', amount: 70 },
      { duplicates: 1, concurrent: true },
    )
    expect(sent.deliveries.map((d) => d.status)).toEqual([200, 200])
    expect(sent.deliveries.map((d) => JSON.parse(d.response).duplicate).sort()).toEqual([false, true])
    expect(await engine.balance('race-user')).toBe(70)
  })

  it('an answer lost after the commit: Cello retries, the retry is a duplicate, one credit', async () => {
    server.loseNextAnswer()
    const sent = await emulator.sendReward({ productUserId: 'crash-user', amount: 30 })
    expect(sent.outcome).toBe('delivered')
    expect(sent.deliveries.map((d) => d.status)).toEqual(['network_error', 200])
    expect(JSON.parse(sent.deliveries[1]!.response)).toMatchObject({ duplicate: true })
    expect(await engine.balance('crash-user')).toBe(30)
  })

  it('onReward throwing answers 500 and records nothing; the retry credits once', async () => {
    let failures = 1
    onReward = async (reward, context) => {
      await engine.credit(reward, context)
      if (failures-- > 0) throw new Error('credits service down')
    }
    const sent = await emulator.sendReward({ productUserId: 'fail-user', amount: 12 })
    expect(sent.deliveries.map((d) => d.status)).toEqual([500, 200])
    expect(JSON.parse(sent.deliveries[0]!.response)).toMatchObject({ error: { code: 'server_error' } })
    // memory has no transaction to roll back: the app's own write stays (documented); SQL rolls back.
    expect(await engine.balance('fail-user')).toBe(engine.name === 'memory' ? 24 : 12)
  })

  it('an unknown event type is recorded and acknowledged, not credited', async () => {
    const sent = await emulator.sendReward({ productUserId: 'unknown-user', amount: 9, eventType: 'reward-revoked' })
    expect(sent.deliveries.map((d) => d.status)).toEqual([200])
    expect(JSON.parse(sent.deliveries[0]!.response)).toMatchObject({ duplicate: false, handled: false })
    expect(await engine.balance('unknown-user')).toBe(0)
    expect(unknown).toContain('reward-revoked')
    expect(await engine.ledger.get(sent.eventId)).toMatchObject({ eventType: 'reward-revoked' })
  })

  it('wrong credentials: 401, nothing recorded', async () => {
    for (const authorization of [
      basic(CREDENTIALS.username, 'wrong'),
      basic('other', CREDENTIALS.password),
      'Bearer x',
      '',
    ]) {
      const response = await post({ json: body('evt_auth'), headers: { authorization } })
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } })
    }
    emulator.configureRewardWebhook({
      url: server.url,
      username: CREDENTIALS.username,
      password: 'nope',
      retryDelayMs: 5,
      maxAttempts: 2,
    })
    const sent = await emulator.sendReward({ productUserId: 'auth-user', amount: 1 })
    expect(sent.outcome).toBe('failed')
    expect(sent.deliveries.map((d) => d.status)).toEqual([401, 401])
    emulator.configureRewardWebhook({ url: server.url, ...CREDENTIALS, retryDelayMs: 5, maxAttempts: 4 })
    expect(await engine.ledger.get('evt_auth')).toBeNull()
    expect(await engine.balance('auth-user')).toBe(0)
  })

  it('the wrong environment (or none): 403, nothing recorded', async () => {
    for (const env of ['sandbox', 'production', '']) {
      const response = await post({ json: body('evt_env'), headers: { 'x-cello-env': env } })
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } })
    }
    expect(await engine.ledger.get('evt_env')).toBeNull()
  })

  it('a malformed body: 400 with issues, nothing recorded', async () => {
    const bad = [
      '{not json',
      JSON.stringify({ eventType: 'new-reward', data: {} }),
      JSON.stringify(body('evt_bad1', { data: { productUserId: 'x', rewardType: 'credits', reward: { amount: 5 } } })),
      JSON.stringify(
        body('evt_bad2', {
          data: { rewardId: 'r', productUserId: 'x', rewardType: 'credits', reward: { amount: '5' } },
        }),
      ),
      JSON.stringify(
        body('evt_bad3', {
          data: { rewardId: 'r', productUserId: 'x', rewardType: 'credits', reward: { amount: -5 } },
        }),
      ),
    ]
    for (const text of bad) {
      const response = await post({ body: text })
      expect(response.status, text).toBe(400)
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } })
    }
    for (const id of ['evt_bad1', 'evt_bad2', 'evt_bad3']) expect(await engine.ledger.get(id)).toBeNull()
  })

  it('an oversized body: 413, nothing recorded', async () => {
    const response = await post({ json: body('evt_big', { padding: 'x'.repeat(5000) }) })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    expect(await engine.ledger.get('evt_big')).toBeNull()
  })

  it('a method other than POST: 405 with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(server.url, {
        method,
        headers: { authorization: basic(CREDENTIALS.username, CREDENTIALS.password) },
      })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
    }
  })
})
