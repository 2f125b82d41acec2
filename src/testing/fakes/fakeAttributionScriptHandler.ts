import type { IncomingMessage, ServerResponse } from 'node:http'
import { fakeAttributionScriptAt, type FakeAttributionScriptOptions } from './fakeAttributionScript'

const MAX_DELAY_MS = 60_000

/**
 * A `node:http` / Connect / Express handler that serves the fake attribution script over real
 * HTTP, so that tests see a real slow or failing load. Query parameters of the script URL:
 * `delayMs` (hold the response, at most 60 000), `status` (answer with this HTTP error status,
 * an integer from 400 to 599, and no script, e.g. 404), `latencyMs` and `referrerName` (see
 * {@link FakeAttributionScriptOptions}). A malformed parameter is answered at once with 400 and
 * a message naming it.
 *
 * @example
 * server.use('/cello-attribution.js', fakeAttributionScriptHandler())
 * // <CelloProvider scriptSrc="/cello-attribution.js?delayMs=2000">
 */
export function fakeAttributionScriptHandler(defaults: FakeAttributionScriptOptions = {}) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const { search, searchParams: query } = new URL(request.url ?? '/', 'http://localhost')
    const problems: string[] = []
    // A value the response cannot use is a 400 now, never a throw later inside the timer
    // (writeHead with an invalid status throws and would take the whole process down).
    const number = (name: string, valid: (value: number) => boolean, expected: string) => {
      const raw = query.get(name)
      if (raw === null) return undefined
      const value = raw.trim() === '' ? Number.NaN : Number(raw)
      if (valid(value)) return value
      problems.push(`${name} must be ${expected} (got ${JSON.stringify(raw)})`)
      return undefined
    }
    const delayOk = (value: number) => Number.isFinite(value) && value >= 0
    const status = number(
      'status',
      (value) => Number.isInteger(value) && value >= 400 && value <= 599,
      'an integer from 400 to 599',
    )
    const delayMs = number('delayMs', delayOk, 'a non-negative number of milliseconds')
    const latencyMs = number('latencyMs', delayOk, 'a non-negative number of milliseconds')
    if (problems.length > 0) {
      response
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
        .end(problems.join('\n'))
      return
    }
    const options: FakeAttributionScriptOptions = { ...defaults }
    if (latencyMs) options.latencyMs = Math.min(latencyMs, MAX_DELAY_MS)
    const referrerName = query.get('referrerName')
    if (referrerName) options.referrerName = referrerName
    setTimeout(
      () => {
        if (status !== undefined) {
          response.writeHead(status, { 'content-type': 'text/plain' }).end('not found')
          return
        }
        response
          .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
          .end(fakeAttributionScriptAt(options, search || null))
      },
      Math.min(delayMs ?? 0, MAX_DELAY_MS),
    )
  }
}
