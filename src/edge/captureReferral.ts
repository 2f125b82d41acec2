// Server-side capture: the referral read from the incoming request, and the cookies set by the
// server (Safari caps cookies set by script at 7 days, not server-set ones). No zod, no jose: this
// runs in Edge middleware on every request.
import { parseReferralParams, type ReferralParamNames } from '../shared/parseReferralParams'
import { serverAutoCookieDomain } from '../shared/cookieDomainCandidates'
import {
  referralFromCookies,
  serializeReferralCookie,
  serializeReferrerCookie,
  type ReferralCookieOptions,
} from '../shared/referralCookie'
import type { CelloConsent, Referral } from '../shared/types'

/** Anything with a URL and headers: a Fetch `Request`, or Node's `IncomingMessage` (`url` is a path). */
export type RequestLike = { url: string; headers: FetchHeaders } | { url?: string; headers: NodeHeaders }

/** Options of {@link captureReferral}. */
export interface CaptureReferralOptions extends ReferralCookieOptions {
  /**
   * Cookie domain, e.g. `.example.com` to share the code across subdomains, or `'auto'`: the last
   * two labels of the request's host (`www.example.com` → `example.com`). `'auto'` is wrong under a
   * public suffix of two labels or more (`example.co.uk`, `my-app.vercel.app`): pass the domain
   * itself there. Host-only when unset, and for an IP address or `localhost`.
   */
  domain?: 'auto' | (string & {})
  /** Query parameter names, as for `CelloProvider`. */
  params?: ReferralParamNames
  /**
   * The visitor's cookie consent, as for `CelloProvider`. When it is not `'granted'` no cookie is
   * set; the referral is still returned, for this request only.
   * @defaultValue 'granted' (as Cello's snippet, https://docs.cello.so/landing-pages/manage-cookies)
   */
  consent?: CelloConsent
}

/** What {@link captureReferral} found. */
export interface CapturedReferral {
  /** From the query when it has a valid code, else from the cookies, else `null`. */
  referral: Referral | null
  /** Where the referral came from. */
  source: 'url' | 'cookie' | null
  /** A `Set-Cookie` value for `cello-referral` when the query carried a new code (and consent is granted), else `null`. */
  setCookie: string | null
  /**
   * Every `Set-Cookie` value to send: `cello-referral`, and `cello-referrer` when the link carried
   * the referrer's name or a product id. Empty when nothing is to be written.
   */
  setCookies: string[]
}

type FetchHeaders = { get(name: string): string | null }
type NodeHeaders = Record<string, string | string[] | undefined>

/** Fetch's `Headers` (or Next's), told from Node's plain object by its `get` method. */
const isFetchHeaders = (headers: FetchHeaders | NodeHeaders): headers is FetchHeaders =>
  typeof headers.get === 'function'

/** A header of a Fetch `Request` or of Node's `IncomingMessage`. */
function requestHeader(request: RequestLike, name: string): string | null {
  const headers = request.headers
  if (isFetchHeaders(headers)) return headers.get(name)
  const value = headers[name]
  return Array.isArray(value) ? value.join('; ') : (value ?? null)
}

/**
 * Reads `?ucc` (and the referrer's name and product id) from an incoming request and returns the
 * referral plus the `Set-Cookie` values that keep it for 3 months: `cello-referral` (the code, as
 * Cello's script expects, https://docs.cello.so/landing-pages/manage-cookies) and `cello-referrer`
 * (the name and product id, for {@link readReferral}). Use it in middleware on the landing page;
 * pass `referral` to `<CelloProvider initialReferral>`. In Next.js, `referralProxy` does it all.
 *
 * @example
 * const { referral, setCookies } = captureReferral(request, { consent })
 * for (const cookie of setCookies) response.headers.append('set-cookie', cookie)
 */
export function captureReferral(request: RequestLike, options: CaptureReferralOptions = {}): CapturedReferral {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const fromUrl = parseReferralParams(url.searchParams, options.params)
  if (fromUrl) {
    if ((options.consent ?? 'granted') !== 'granted')
      return { referral: fromUrl, source: 'url', setCookie: null, setCookies: [] }
    const secure =
      options.secure ?? (url.protocol === 'https:' || requestHeader(request, 'x-forwarded-proto') === 'https')
    const domain =
      options.domain === 'auto'
        ? serverAutoCookieDomain(requestHeader(request, 'host') ?? url.hostname)
        : options.domain
    const cookieOptions = { ...options, secure, domain }
    const setCookie = serializeReferralCookie(fromUrl.ucc, cookieOptions)
    const referrer = serializeReferrerCookie(fromUrl, cookieOptions)
    return { referral: fromUrl, source: 'url', setCookie, setCookies: referrer ? [setCookie, referrer] : [setCookie] }
  }
  const fromCookie = referralFromCookies(requestHeader(request, 'cookie'))
  return { referral: fromCookie, source: fromCookie ? 'cookie' : null, setCookie: null, setCookies: [] }
}

/**
 * The referral a request carries in its cookies: the code of `cello-referral` (set by
 * `captureReferral`, the provider or Cello's script) with the referrer's name and product id of
 * `cello-referrer` when they belong to that code. For `<CelloProvider initialReferral>` and for
 * your signup handler. Takes a request or a `Cookie` header string (in a Next.js layout,
 * `(await cookies()).toString()`); `null` when there is no valid code.
 */
export function readReferral(request: RequestLike | string | null | undefined): Referral | null {
  if (request === null || request === undefined) return null
  return referralFromCookies(typeof request === 'string' ? request : requestHeader(request, 'cookie'))
}
