// Next.js in one call, without importing next: the Set-Cookie values for the response, and the
// request headers that make the same request's cookies() see the referral on the first visit
// (https://nextjs.org/docs/app/api-reference/functions/next-response#next).
import { REFERRAL_COOKIE } from '../shared/referralCode'
import { REFERRER_COOKIE, referrerCookieValue } from '../shared/referralCookie'
import { captureReferral, type CaptureReferralOptions } from './captureReferral'
import type { Referral } from '../shared/types'

/** What {@link captureReferralForNext} returns. */
export interface NextCapturedReferral {
  /** From the query when it has a valid code, else from the cookies, else `null`. */
  referral: Referral | null
  /** Where the referral came from. */
  source: 'url' | 'cookie' | null
  /** `Set-Cookie` values for the response; empty when nothing is to be written (or consent is not granted). */
  setCookies: string[]
  /**
   * A copy of the request's headers whose `Cookie` header also carries the captured referral
   * (even without consent: it serves this request only). Pass it as
   * `NextResponse.next({ request: { headers: requestHeaders } })`.
   */
  requestHeaders: Headers
}

/** The `NextResponse` class, or anything with its static `next`. */
export interface NextResponseLike {
  next(init?: { request?: { headers?: Headers } }): Response
}

/** `cookieHeader` without the cookies named in `names`, then `extra` appended. */
function withCookies(cookieHeader: string | null, extra: Record<string, string>): string {
  const kept = (cookieHeader ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !Object.hasOwn(extra, (part.split('=')[0] ?? '').trim()))
  return [...kept, ...Object.entries(extra).map(([name, value]) => `${name}=${value}`)].join('; ')
}

/**
 * {@link captureReferral} for Next.js middleware (`proxy.ts` in Next 16, `middleware.ts` in
 * Next 15): the referral, the `Set-Cookie` values, and request headers whose `Cookie` header
 * carries the referral so that `cookies()` in layouts and Server Components sees it on the first
 * visit, not only after the browser sends the cookie back.
 *
 * @example
 * const { setCookies, requestHeaders } = captureReferralForNext(request)
 * const response = NextResponse.next({ request: { headers: requestHeaders } })
 * for (const cookie of setCookies) response.headers.append('set-cookie', cookie)
 */
export function captureReferralForNext(request: Request, options: CaptureReferralOptions = {}): NextCapturedReferral {
  const { referral, source, setCookies } = captureReferral(request, options)
  const requestHeaders = new Headers(request.headers)
  if (referral && source === 'url') {
    const extra: Record<string, string> = { [REFERRAL_COOKIE]: encodeURIComponent(referral.ucc) }
    const referrer = referrerCookieValue(referral)
    if (referrer) extra[REFERRER_COOKIE] = referrer
    requestHeaders.set('cookie', withCookies(request.headers.get('cookie'), extra))
  }
  return { referral, source, setCookies, requestHeaders }
}

/**
 * The whole Next.js middleware: captures the referral, passes it to this request's Server
 * Components and sets the 3-month cookies on the response.
 *
 * @example
 * // proxy.ts (Next 16); in Next 15, middleware.ts with `export function middleware`
 * import { NextResponse, type NextRequest } from 'next/server'
 * import { referralProxy } from 'react-cello/edge'
 * export function proxy(request: NextRequest) {
 *   return referralProxy(request, NextResponse)
 * }
 */
export function referralProxy(
  request: Request,
  NextResponse: NextResponseLike,
  options?: CaptureReferralOptions,
): Response {
  const { source, setCookies, requestHeaders } = captureReferralForNext(request, options)
  const response = source === 'url' ? NextResponse.next({ request: { headers: requestHeaders } }) : NextResponse.next()
  for (const cookie of setCookies) response.headers.append('set-cookie', cookie)
  return response
}
