import type { IncomingMessage, ServerResponse } from 'node:http'
import { fakeAttributionScript, type FakeAttributionScriptOptions } from './fakeAttributionScript'

/**
 * A `node:http` / Connect / Express handler that serves the fake attribution script over real
 * HTTP, so that tests see a real slow or failing load. Query parameters of the script URL:
 * `delayMs` (hold the response), `status` (answer with this HTTP status and no script, e.g. 404),
 * `latencyMs` and `referrerName` (see {@link FakeAttributionScriptOptions}).
 *
 * @example
 * server.use('/cello-attribution.js', fakeAttributionScriptHandler())
 * // <CelloProvider scriptSrc="/cello-attribution.js?delayMs=2000">
 */
export function fakeAttributionScriptHandler(defaults: FakeAttributionScriptOptions = {}) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams
    const number = (name: string) => {
      const value = Number(query.get(name))
      return Number.isFinite(value) && value > 0 ? Math.min(value, 60_000) : 0
    }
    const status = number('status')
    const options: FakeAttributionScriptOptions = { ...defaults }
    if (number('latencyMs')) options.latencyMs = number('latencyMs')
    const referrerName = query.get('referrerName')
    if (referrerName) options.referrerName = referrerName
    setTimeout(() => {
      if (status >= 400) {
        response.writeHead(status, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      response
        .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
        .end(fakeAttributionScript(options))
    }, number('delayMs'))
  }
}
