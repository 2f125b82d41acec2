import type { BffProbe } from './types'

/** Options of {@link probeCelloBff}. */
export interface ProbeCelloBffOptions {
  /** Where `createCelloHandler` is mounted (the `baseUrl` of `createFetchBff`). @defaultValue '/api/cello' */
  baseUrl?: string
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch
}

// Each route asked with GET only, so that nothing is reported, stored or sent to Cello: `!` is no
// code, so the handler answers "not valid" without asking Cello; GET /signups answers 405 where
// POST /signups is mounted.
const ROUTES: [route: string, path: string, meanings: Record<number, string>][] = [
  ['GET /active-link', '/active-link', { 200: 'answers (signed in)', 401: 'answers (nobody signed in)' }],
  ['GET /referral-codes/:code', '/referral-codes/%21', { 200: 'answers' }],
  ['POST /signups', '/signups', { 405: 'mounted (asked with GET: 405)' }],
  ['GET /widget-token', '/widget-token', { 200: 'answers (signed in)', 401: 'answers (nobody signed in)' }],
]

const meaning = (status: number | null, known: Record<number, string>, problem: boolean) =>
  status === null
    ? 'no answer (network error)'
    : (known[status] ??
      (status === 404
        ? problem
          ? 'not configured on this server'
          : 'not found'
        : status >= 500
          ? `server error (${status})`
          : `answered ${status}`))

/**
 * Asks the BFF's routes whether they answer, with GET requests that change nothing (no signup is
 * reported, no code is sent to Cello), and the development-only `GET <base>/debug/trace` for the
 * signed-in user's events (404: not enabled). Never rejects.
 */
export async function probeCelloBff(options: ProbeCelloBffOptions = {}): Promise<BffProbe> {
  const baseUrl = (options.baseUrl ?? '/api/cello').replace(/\/+$/, '')
  const ask = async (path: string) => {
    try {
      const response = await (options.fetch ?? fetch)(baseUrl + path, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      })
      const body: unknown = await response.json().catch(() => undefined)
      return { status: response.status, body }
    } catch {
      return { status: null, body: undefined }
    }
  }
  const [trace, ...answers] = await Promise.all([ask('/debug/trace'), ...ROUTES.map(([, path]) => ask(path))])
  const routes = ROUTES.map(([route, , known], i) => {
    const { status = null, body } = answers[i] ?? {}
    // The handler's own 404 carries `{ error: { code } }`; a framework's 404 page does not.
    const problem = typeof body === 'object' && body !== null && 'error' in body
    return { route, status, meaning: meaning(status, known, problem) }
  })
  const signups = routes[2]?.status
  return {
    baseUrl,
    // Anything else (a 404, a single-page app's index.html) is not the handler.
    status:
      signups === 405
        ? 'mounted'
        : signups === undefined || signups === null || signups >= 500
          ? 'unreachable'
          : 'not_found',
    routes,
    trace: trace ?? { status: null, body: undefined },
  }
}
