import type { CelloErrorCode } from '../shared/CelloError'
import { createCelloError } from '../shared/createCelloError'
import { onPageReset } from './pageState'
import type {
  ActiveLink,
  BffPath,
  ReferralCodeInfo,
  SignupRefusalCode,
  SignupReport,
  SignupRequest,
  WidgetToken,
} from '../shared/bffContract'

// The answers are written once, in the BFF's contract (src/shared/bffContract.ts).
export type { ActiveLink, ReferralCodeInfo, SignupReport, SignupSkipReason } from '../shared/bffContract'

/** Per-call options of every {@link CelloBff} method. */
export interface CelloBffCallOptions {
  signal?: AbortSignal
}

/**
 * The small adapter interface between the browser and your server for everything that needs
 * Cello's secret keys. `createFetchBff()` implements it against `createCelloHandler` from
 * `react-cello/server`; an app with its own API layer passes its own object to `CelloProvider`'s
 * `bff` prop. Methods reject with a `CelloError` (`unauthorized` when nobody is signed in).
 */
export interface CelloBff {
  getActiveLink(options?: CelloBffCallOptions): Promise<ActiveLink>
  validateReferralCode(code: string, options?: CelloBffCallOptions): Promise<ReferralCodeInfo>
  reportSignup(input: { ucc?: string | null }, options?: CelloBffCallOptions): Promise<SignupReport>
  getWidgetToken?(options?: CelloBffCallOptions): Promise<{ token: string }>
}

/** Options of {@link createFetchBff}. */
export interface FetchBffOptions {
  /** Where `createCelloHandler` is mounted. @defaultValue '/api/cello' */
  baseUrl?: string
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch
  /** Extra headers for every request (e.g. a CSRF token). */
  headers?: HeadersInit
  /** @defaultValue 'same-origin' */
  credentials?: RequestCredentials
}

const STATUS_CODES: Record<number, CelloErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'bad_request',
  415: 'bad_request',
  422: 'bad_request',
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

const isFilled = (v: unknown): v is string => typeof v === 'string' && v !== ''

// The default BFF client, created on first use; a reset drops it (it holds no state of its own).
let fallback: CelloBff | undefined
onPageReset(() => {
  fallback = undefined
})

/**
 * The one `createFetchBff()` every hook uses when neither it nor the provider is given a `bff`:
 * created on first use, so that an app that only captures referral codes does not ship it.
 */
export function defaultFetchBff(): CelloBff {
  if (!fallback) fallback = createFetchBff()
  return fallback
}

/**
 * A {@link CelloBff} over `fetch`, for the routes of `createCelloHandler`. Responses are checked
 * against the handler's contract; failures become `CelloError`s with a `code` and its docs link.
 * Development builds say what went wrong in words; production ones only what the BFF answered.
 *
 * @example
 * <CelloProvider bff={createFetchBff({ baseUrl: '/api/cello' })}>
 */
export function createFetchBff(options: FetchBffOptions = {}): CelloBff {
  const base = (options.baseUrl ?? '/api/cello').replace(/\/+$/, '')
  const request = async <T>(
    path: BffPath,
    check: (body: unknown) => body is T,
    call: CelloBffCallOptions = {},
    json?: string,
    // Error codes that are answers of this route (a signup's self_referral).
    answers: Record<string, T> = {},
  ): Promise<T> => {
    const url = base + path
    const headers = new Headers(options.headers)
    headers.set('accept', 'application/json')
    if (json) headers.set('content-type', 'application/json')
    const response = await (options.fetch ?? fetch)(url, {
      credentials: options.credentials ?? 'same-origin',
      headers,
      signal: call.signal,
      ...(json && { method: 'POST', body: json }),
    }).catch((cause: unknown) => {
      throw createCelloError('network', process.env.NODE_ENV !== 'production' ? `Could not reach ${url}.` : '', {
        cause,
      })
    })
    const body: unknown = await response.json().catch(() => undefined)
    const { status } = response
    if (!response.ok) {
      const error = isObject(body) && isObject(body.error) ? body.error : {}
      // An error code that is an answer for this route (a signup's self_referral).
      const answer = typeof error.code === 'string' ? answers[error.code] : undefined
      if (answer) return answer
      // What the BFF said, else (in development) what happened.
      const message =
        typeof error.message === 'string'
          ? error.message
          : process.env.NODE_ENV !== 'production'
            ? `${url} answered ${status}`
            : ''
      throw createCelloError(STATUS_CODES[status] ?? (status >= 500 ? 'upstream' : 'bad_response'), message, {
        cause: { status, body },
      })
    }
    if (!check(body))
      throw createCelloError(
        'bad_response',
        process.env.NODE_ENV !== 'production' ? `${url} answered an unexpected body.` : '',
        { cause: body },
      )
    return body
  }
  return {
    getActiveLink: (call) =>
      request('/active-link', (b): b is ActiveLink => isObject(b) && isFilled(b.activeUcc) && isFilled(b.link), call),
    validateReferralCode: (code, call) =>
      request(
        `/referral-codes/${encodeURIComponent(code)}`,
        (b): b is ReferralCodeInfo => isObject(b) && typeof b.code === 'string' && typeof b.valid === 'boolean',
        call,
      ),
    reportSignup: (input, call) =>
      request(
        '/signups',
        (b): b is SignupReport => isObject(b) && (typeof b.reported === 'boolean' || b.reported === 'queued'),
        call,
        JSON.stringify({ ucc: input.ucc ?? undefined } satisfies SignupRequest),
        { self_referral: { reported: false, reason: 'self_referral' } } satisfies Record<
          SignupRefusalCode,
          SignupReport
        >,
      ),
    getWidgetToken: (call) => request('/widget-token', (b): b is WidgetToken => isObject(b) && isFilled(b.token), call),
  }
}
