// A fetch for createCelloClient that records every exchange and checks both sides against
// Cello's OpenAPI document: what the client sends and what the emulator answers.
import { expect } from 'vitest'
import { validateRequest, validateResponse } from './openapiContract'

export interface Exchange {
  method: string
  path: string
  body: unknown
  authorization: string | null
  status: number | 'failed'
  responseBody: unknown
  errors: string[]
}

export function contractFetch(inner: typeof fetch = fetch) {
  const exchanges: Exchange[] = []
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = (init?.method ?? 'GET').toUpperCase()
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const authorization = new Headers(init?.headers).get('authorization')
    const exchange: Exchange = {
      method,
      path: url.pathname,
      body,
      authorization,
      status: 'failed',
      responseBody: undefined,
      errors: [],
    }
    exchanges.push(exchange)
    exchange.errors.push(...validateRequest(method, url.pathname, body).errors.map((e) => `request: ${e}`))
    const response = await inner(input, init)
    const text = await response.clone().text()
    exchange.status = response.status
    exchange.responseBody = text ? (JSON.parse(text) as unknown) : undefined
    // Faults the emulator injects on purpose (429, 5xx) are outside the documented responses.
    if (response.status < 429 || response.status === 401) {
      exchange.errors.push(
        ...validateResponse(method, url.pathname, response.status, exchange.responseBody).errors.map(
          (e) => `response ${response.status}: ${e}`,
        ),
      )
    }
    return response
  }
  return {
    fetch: wrapped,
    exchanges,
    /** Calls to `path` (e.g. '/token'). */
    to: (path: string) => exchanges.filter((e) => e.path === path),
    /** Fails the test when any exchange broke the contract. */
    expectConforming() {
      expect(exchanges.flatMap((e) => e.errors.map((error) => `${e.method} ${e.path}: ${error}`))).toEqual([])
    },
  }
}
