import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeAttributionScriptHandler } from '../../../src/testing'

let server: Server
let base: string

beforeAll(async () => {
  server = createServer(fakeAttributionScriptHandler())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cello-attribution.js`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('fakeAttributionScriptHandler', () => {
  it('answers the status it is asked for, without a script', async () => {
    const response = await fetch(`${base}?status=404`)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('CelloAttribution')
  })

  it('answers 400 naming the parameter for a status that is not an HTTP error status, and keeps serving', async () => {
    for (const status of ['1000', '99', '-1', '404.5', 'abc', '']) {
      const response = await fetch(`${base}?status=${status}&delayMs=10`)
      expect({ status, code: response.status }).toEqual({ status, code: 400 })
      expect(await response.text()).toMatch(/status/)
    }
    // the process survived: the next request still gets the script
    const ok = await fetch(base)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('CelloAttribution')
  })

  it('answers 400 for a delay or latency that is not a non-negative number', async () => {
    for (const query of ['delayMs=-5', 'delayMs=soon', 'latencyMs=Infinity', 'latencyMs=-1']) {
      const response = await fetch(`${base}?${query}`)
      expect({ query, code: response.status }).toEqual({ query, code: 400 })
      expect(await response.text()).toContain(query.split('=')[0])
    }
  })
})
