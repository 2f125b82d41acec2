// Server-side capture: the referral code read from the incoming request, and the cello-referral
// cookie set by the server (Safari caps cookies set by script at 7 days, not server-set ones).
import { parseReferralParams, type ReferralParamNames } from '../shared/parseReferralParams'
import { isValidUcc, readCookie, REFERRAL_COOKIE } from '../shared/referralCode'
import { serializeReferralCookie, type ReferralCookieOptions } from '../shared/referralCookie'
import type { Referral } from '../shared/types'

/** Anything with a URL and headers: a Fetch `Request`, or Node's `IncomingMessage` (`url` is a path). */
export type RequestLike =
  | { url: string; headers: { get(name: string): string | null } }
  | { url?: string; headers: Record<string, string | string[] | undefined> }

/** Options of {@link captureReferral}. */
export interface CaptureReferralOptions extends ReferralCookieOptions {
  /** Query parameter names, as for `CelloProvider`. */
  params?: ReferralParamNames
}

/** What {@link captureReferral} found. */
export interface CapturedReferral {
  /** From the query when it has a valid code, else from the cookie, else `null`. */
  referral: Referral | null
  /** Where the referral came from. */
  source: 'url' | 'cookie' | null
  /** A `Set-Cookie` value for `cello-referral` when the query carried a new code, else `null`. */
  setCookie: string | null
}

function header(request: RequestLike, name: string): string | null {
  const headers = request.headers
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name)
  const value = (headers as Record<string, string | string[] | undefined>)[name]
  return Array.isArray(value) ? value.join('; ') : (value ?? null)
}

function cookieReferral(cookieHeader: string | null): Referral | null {
  const ucc = cookieHeader ? readCookie(cookieHeader, REFERRAL_COOKIE) : null
  return isValidUcc(ucc) ? { ucc, referrerName: null, productId: null } : null
}

/**
 * Reads `?ucc` (and the referrer's name and product id) from an incoming request and returns the
 * referral plus the `Set-Cookie` value that keeps it for 3 months. Use it in middleware on the
 * landing page; pass `referral` to `<CelloProvider initialReferral>`.
 *
 * @example
 * const { referral, setCookie } = captureReferral(request)
 * if (setCookie) response.headers.append('set-cookie', setCookie)
 */
export function captureReferral(request: RequestLike, options: CaptureReferralOptions = {}): CapturedReferral {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const fromUrl = parseReferralParams(url.searchParams, options.params).referral
  if (fromUrl) {
    const secure = options.secure ?? (url.protocol === 'https:' || header(request, 'x-forwarded-proto') === 'https')
    return { referral: fromUrl, source: 'url', setCookie: serializeReferralCookie(fromUrl.ucc, { ...options, secure }) }
  }
  const fromCookie = cookieReferral(header(request, 'cookie'))
  return { referral: fromCookie, source: fromCookie ? 'cookie' : null, setCookie: null }
}

/**
 * The referral a request carries in its `cello-referral` cookie (set by `captureReferral`, the
 * provider or Cello's script), for `<CelloProvider initialReferral>` and for your signup handler.
 * Takes a request or a `Cookie` header string; `null` when there is no valid code.
 */
export function readReferral(request: RequestLike | string | null | undefined): Referral | null {
  if (request == null) return null
  return cookieReferral(typeof request === 'string' ? request : header(request, 'cookie'))
}
