import { CelloError, type CelloErrorCode } from './shared/CelloError'

/** Per-call options of every {@link CelloBff} method. */
export interface CelloBffCallOptions {
  signal?: AbortSignal
}

/** The signed-in user's referral link, as the BFF returns it. */
export interface ActiveLink {
  /** The user's own referral code. */
  activeUcc: string
  /** The full invite URL to share. */
  link: string
}

/** What the BFF says about a referral code (the referrer's identity stays on the server). */
export interface ReferralCodeInfo {
  code: string
  valid: boolean
  campaignId?: string
}

/** What the BFF did with a signup. */
export interface SignupReport {
  /**
   * `true`: Cello has the `new-signup` event. `'queued'`: the server recorded it and delivers it as
   * soon as Cello answers (an outage never loses it). `false`: nothing to report (`reason`).
   */
  reported: boolean | 'queued'
  /**
   * Why nothing was reported: `no_referral`, `refused` (Cello refused the event), or
   * `webhook_source` (Cello counts signups from your Stripe/Chargebee webhook instead).
   */
  reason?: string
  /**
   * `true` when this user's signup had already been recorded (a double-submitted form): the
   * handler recorded no second event; `reported` says where the first one stands.
   */
  duplicate?: boolean
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

const STATUS_CODES: Record<number, CelloErrorCode> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'bad_request', 415: 'bad_request', 422: 'bad_request' }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * A {@link CelloBff} over `fetch`, for the routes of `createCelloHandler`. Responses are checked
 * against the handler's contract; failures become `CelloError`s with a `code`.
 *
 * @example
 * <CelloProvider bff={createFetchBff({ baseUrl: '/api/cello' })}>
 */
export function createFetchBff(options: FetchBffOptions = {}): CelloBff {
  const base = (options.baseUrl ?? '/api/cello').replace(/\/+$/, '')
  const request = async <T,>(path: string, check: (body: unknown) => body is T, init: RequestInit = {}): Promise<T> => {
    const headers = new Headers(options.headers)
    headers.set('accept', 'application/json')
    if (init.body) headers.set('content-type', 'application/json')
    let response: Response
    try {
      response = await (options.fetch ?? fetch)(`${base}${path}`, { credentials: options.credentials ?? 'same-origin', ...init, headers })
    } catch (cause) {
      throw new CelloError('network', `Could not reach ${base}${path}.`, { cause })
    }
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok) {
      const error = isObject(body) && isObject(body.error) ? body.error : {}
      const message = typeof error.message === 'string' ? error.message : `${base}${path} answered ${response.status}.`
      throw new CelloError(STATUS_CODES[response.status] ?? (response.status >= 500 ? 'upstream' : 'bad_response'), message, { cause: { status: response.status, body } })
    }
    if (!check(body)) throw new CelloError('bad_response', `${base}${path} answered an unexpected body.`, { cause: body })
    return body
  }
  const isString = (v: unknown): v is string => typeof v === 'string' && v !== ''
  return {
    getActiveLink: ({ signal } = {}) =>
      request('/active-link', (b): b is ActiveLink => isObject(b) && isString(b.activeUcc) && isString(b.link), { signal }),
    validateReferralCode: (code, { signal } = {}) =>
      request(`/referral-codes/${encodeURIComponent(code)}`, (b): b is ReferralCodeInfo => isObject(b) && typeof b.code === 'string' && typeof b.valid === 'boolean', { signal }),
    reportSignup: (input, { signal } = {}) =>
      request('/signups', (b): b is SignupReport => isObject(b) && (typeof b.reported === 'boolean' || b.reported === 'queued'), {
        method: 'POST',
        body: JSON.stringify({ ucc: input.ucc ?? undefined }),
        signal,
      }),
    getWidgetToken: ({ signal } = {}) =>
      request('/widget-token', (b): b is { token: string } => isObject(b) && isString(b.token), { signal }),
  }
}
