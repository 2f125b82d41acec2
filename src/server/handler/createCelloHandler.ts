import { isValidUcc } from '../../shared/referralCode'
import { CelloApiError, CelloValidationError } from '../client/CelloApiError'
import { safeParse } from '../client/schemas'
import type { CelloHandler, CelloHandlerOptions } from './CelloHandler'
import { CelloError, isCelloError } from '../../shared/CelloError'
import { createCelloOutbox } from '../outbox/createCelloOutbox'
import { createOriginPolicy } from './createOriginPolicy'
import { markCore, type CelloHandlerCore, type IncomingRequest } from './handlerCore'
import {
  badInput,
  jsonAnswer,
  problem,
  problemAnswer,
  readJsonBody,
  toResponse,
  type BffRouteHandlers,
  type PlainAnswer,
} from './handlerResponses'
import { celloUserSchema, isCelloUser, issuesOf, referralCodeParamSchema } from './handlerSchemas'
import { routeTable } from './routeTable'
import type { CelloUser } from './CelloHandler'
import { reportSignup, type SignupRules } from './reportSignup'
import { signWidgetToken } from '../tokens/signWidgetToken'

const BODY_LIMIT = 16 * 1024

/** `true` in a production build or process: the debug route never answers there. */
const inProduction = () => typeof process !== 'undefined' && process.env?.NODE_ENV === 'production'

/**
 * The backend-for-frontend for react-cello's hooks: every route that needs Cello's secret keys,
 * for the signed-in user only. Mount it under `basePath`.
 *
 * Routes: `GET /active-link`, `GET /referral-codes/:code`, `POST /signups`, `GET /widget-token`,
 * and, in development with `debug: true` only (never when `NODE_ENV` is `production`),
 * `GET /debug/trace`.
 *
 * @example
 * // app/api/cello/[...path]/route.ts (Next.js)
 * const handler = createCelloHandler({ client, getUser: async () => toCelloUser(await auth()) })
 * export { handler as GET, handler as POST }
 */
export function createCelloHandler(options: CelloHandlerOptions): CelloHandler {
  const base = (options.basePath ?? '/api/cello').replace(/\/+$/, '')
  const { corsHeaders, sameOriginOrAllowed } = createOriginPolicy(options.allowedOrigins)
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(`[react-cello] ${error instanceof Error ? `${error.name}: ${error.message}` : 'handler failure'}`))

  /**
   * The signed-in user, checked: `null` when `getUser` gave nobody or no usable `productUserId`;
   * a `CelloValidationError` (a 500: the server's mistake, not the browser's) for another bad field.
   */
  const signedIn = async (request: Request): Promise<CelloUser | null> => {
    const got = options.getUser(request)
    // No timer for an answer already there (a session read from the cookie, say).
    const user: unknown = isThenable(got) ? await withTimeout(got, getUserTimeoutMs) : got
    if (!user) return null
    // The app's own object: checked by hand when it is plainly right, by the schema (and its
    // error) otherwise. zod is for what comes from outside.
    if (isCelloUser(user)) return user
    const checked = safeParse(celloUserSchema, user)
    if (checked.success) return checked.data
    const issues = issuesOf(checked.error)
    if (issues.some((issue) => issue.path === 'productUserId')) return null
    throw new CelloValidationError('getUser', issues)
  }
  const unauthorized = () => problemAnswer(401, 'unauthorized', 'Sign in to use this.')
  const newUserWindowMs = options.newUserWindowMs ?? 24 * 60 * 60 * 1000
  const getUserTimeoutMs = options.getUserTimeoutMs ?? 5000
  const deliverWaitMs = options.deliverWaitMs ?? 3000
  // Without the app's outbox, one in memory that this handler also sweeps (timers do not keep Node alive).
  let outbox = options.outbox
  let sweeper: { stop(): Promise<void> } | undefined
  const outboxOf = () => {
    if (!outbox) outbox = createCelloOutbox({ client: options.client })
    if (!options.outbox && !sweeper) sweeper = outbox.start({ intervalMs: 30_000 })
    return outbox
  }

  const signupRules: SignupRules = {
    client: options.client,
    attribution: options.attribution ?? 'user',
    newUserWindowMs,
    deliverWaitMs,
    outbox: outboxOf,
    onError,
  }

  // One entry per route of the contract (src/shared/bffContract.ts): a missing, extra or renamed
  // route, or an answer of another shape, does not compile.
  const handlers: BffRouteHandlers = {
    'GET /active-link': async (request) => {
      const user = await signedIn(request)
      if (!user) return toResponse(unauthorized())
      const { activeUcc, link } = await options.client.getActiveLink(user.productUserId, { signal: request.signal })
      return { answer: { activeUcc, link } }
    },
    'GET /referral-codes/:code': async (request, raw) => {
      const param = safeParse(referralCodeParamSchema, raw)
      if (!param.success) return badInput('The referral code in the path', issuesOf(param.error))
      const code = param.data
      // A code of the wrong shape is simply not valid: no need to ask Cello.
      if (!isValidUcc(code)) return { answer: { code, valid: false } }
      const info = await options.client.validateReferralCode(code, { signal: request.signal })
      // The referrer's productUserId stays on the server.
      return {
        answer: {
          code: info.code,
          valid: info.valid,
          ...(info.valid && info.campaignId ? { campaignId: info.campaignId } : {}),
        },
      }
    },
    'POST /signups': async (request, _, readJson) => {
      const user = await signedIn(request)
      if (!user) return toResponse(unauthorized())
      const body = await readJson(BODY_LIMIT)
      return body.ok ? reportSignup(request, user, body.value, signupRules) : body.response
    },
    'GET /widget-token': async (request) => {
      if (!options.widget) return problem(404, 'not_found', 'The referral component is not configured on this server.')
      const user = await signedIn(request)
      if (!user) return toResponse(unauthorized())
      return { answer: { token: await signWidgetToken({ ...options.widget, productUserId: user.productUserId }) } }
    },
    'GET /debug/trace': async (request) => {
      if (options.debug !== true)
        return problem(
          404,
          'not_found',
          'The debug route is off: pass debug: true to createCelloHandler in development.',
        )
      if (inProduction()) return problem(404, 'not_found', 'The debug route never answers in production.')
      const user = await signedIn(request)
      if (!user) return toResponse(unauthorized())
      return { answer: await outboxOf().explain(user.productUserId) }
    },
  }
  const routes = routeTable(handlers)

  const core: CelloHandlerCore = async (incoming) => {
    const answer = await handle(incoming)
    const cors = corsHeaders(incoming)
    if (cors) {
      if (answer instanceof Response) for (const [key, value] of Object.entries(cors)) answer.headers.set(key, value)
      else Object.assign(answer.headers, cors)
    }
    return answer
  }

  async function handle(incoming: IncomingRequest): Promise<PlainAnswer | Response> {
    const { path, method, request } = incoming
    if (path !== base && !path.startsWith(`${base}/`)) return problemAnswer(404, 'not_found', 'No such route.')
    const matching = routes.match(path.slice(base.length) || '/')
    if (!matching) return problemAnswer(404, 'not_found', 'No such route.')
    const { allow } = matching
    if (method === 'OPTIONS') {
      const cors = corsHeaders(incoming)
      if (!cors) return problemAnswer(403, 'forbidden', 'This origin is not allowed.')
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'access-control-allow-methods': allow,
          'access-control-allow-headers': 'content-type',
          'cache-control': 'no-store',
        },
      })
    }
    const run = matching.run.get(method) ?? (method === 'HEAD' ? matching.run.get('GET') : undefined)
    if (!run) return problemAnswer(405, 'method_not_allowed', `Use ${allow}.`, { allow })
    if (method === 'POST') {
      if (!sameOriginOrAllowed(incoming))
        return problemAnswer(403, 'forbidden', 'Cross-origin requests are not allowed here.')
      if (!/^application\/json\s*(;|$)/i.test(incoming.header('content-type') ?? ''))
        return problemAnswer(415, 'unsupported_media_type', 'Send the body as application/json.')
    }
    try {
      const reply = await run(request, matching.param, (limit) => incoming.readJson(limit))
      return reply instanceof Response ? reply : jsonAnswer(reply.answer, reply.status)
    } catch (error) {
      onError(error, request, {})
      if (isCelloError(error, 'get_user_timeout'))
        return problemAnswer(503, 'unavailable', 'The server could not tell who is signed in. Try again later.')
      if (error instanceof CelloApiError)
        return problemAnswer(502, 'upstream', 'Cello could not be reached or refused the request. Try again later.')
      if (error instanceof CelloValidationError)
        return problemAnswer(
          500,
          'server_error',
          'The server could not build the request to Cello (check what getUser returns).',
        )
      return problemAnswer(500, 'server_error', 'Something went wrong on the server.')
    }
  }

  return markCore(async (request) => {
    const answer = await core(webIncoming(request))
    return answer instanceof Response ? answer : toResponse(answer)
  }, core)
}

/** A Web Request as the handler's core reads it. */
function webIncoming(request: Request): IncomingRequest {
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    header: (name) => request.headers.get(name),
    url: () => new URL(request.url),
    request,
    readJson: (limit) => readJsonBody(request, limit),
  }
}

const isThenable = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function'

/** `value`, or a `get_user_timeout` CelloError when it has not settled within `ms`. */
async function withTimeout<T>(value: PromiseLike<T>, ms: number): Promise<T> {
  if (ms === Infinity) return value
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CelloError<'get_user_timeout'>(
            'get_user_timeout',
            `getUser did not answer within getUserTimeoutMs (${ms} ms); the request was answered 503.`,
          ),
        ),
      ms,
    )
  })
  try {
    return await Promise.race([Promise.resolve(value), late])
  } finally {
    clearTimeout(timer)
  }
}
