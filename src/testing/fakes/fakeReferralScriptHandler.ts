import type { IncomingMessage, ServerResponse } from 'node:http'
import { fakeReferralScript, type FakeReferralScriptOptions } from './fakeReferralScript'

const MAX_DELAY_MS = 60_000

/**
 * A `node:http` / Connect / Express handler that serves the fake `cello.js` over real HTTP, for
 * the demo and for tests that need a real slow or failing load. Query parameters: `delayMs` (hold
 * the response, at most 60 000) and `status` (answer with this HTTP error status, 400–599, and no
 * script). Anything else is malformed: 400 with a message naming it.
 *
 * @example
 * server.use('/cello.js', fakeReferralScriptHandler({ productId: 'demo', productSecret: 'demo-secret' }))
 * // useCelloReferral({ scriptSrc: '/cello.js', … })
 */
export function fakeReferralScriptHandler(options: FakeReferralScriptOptions) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams
    const read = (name: string, min: number, max: number) => {
      const raw = query.get(name)
      if (raw === null) return undefined
      const value = raw.trim() === '' ? Number.NaN : Number(raw)
      return Number.isInteger(value) && value >= min && value <= max ? value : raw
    }
    const status = read('status', 400, 599)
    const delayMs = read('delayMs', 0, MAX_DELAY_MS)
    const bad = [
      ['status', status, 'an integer from 400 to 599'],
      ['delayMs', delayMs, `an integer from 0 to ${MAX_DELAY_MS}`],
    ] as const
    const problems = bad
      .filter(([, value]) => typeof value === 'string')
      .map(([name, value, expected]) => `${name} must be ${expected} (got ${JSON.stringify(value)})`)
    if (problems.length > 0) {
      response
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
        .end(problems.join('\n'))
      return
    }
    setTimeout(
      () => {
        if (typeof status === 'number') {
          response.writeHead(status, { 'content-type': 'text/plain' }).end('not found')
          return
        }
        response
          .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
          .end(fakeReferralScript(options))
      },
      typeof delayMs === 'number' ? delayMs : 0,
    )
  }
}
