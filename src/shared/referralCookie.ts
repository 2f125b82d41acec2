import { createCelloError } from './createCelloError'
import { cleanReferrerName, isValidProductId, isValidUcc, readCookie, REFERRAL_COOKIE } from './referralCode'
import type { Referral } from './types'

/**
 * Our cookie beside Cello's: the referrer's name and the product id that came with the code, so
 * that the server can render "Alice invited you" on a later request. `cello-referral` keeps only
 * the code, as Cello's script expects (https://docs.cello.so/landing-pages/manage-cookies); a
 * `cello-` name, so a denied consent deletes this one too.
 */
export const REFERRER_COOKIE = 'cello-referrer'

/** Three months, as Cello keeps its own cookie. */
const REFERRAL_COOKIE_MAX_AGE = 7_776_000 // 90 * 24 * 60 * 60, written out: bundlers keep the product

/** Where and how the `cello-referral` cookie is written. */
export interface ReferralCookieOptions {
  /** Cookie domain, e.g. `.example.com` to share the code across subdomains. Host-only when unset. */
  domain?: string
  /** Add `Secure`. In the browser the default is "when the page is https". */
  secure?: boolean
  /** Lifetime in seconds. @defaultValue 7776000 (90 days) */
  maxAge?: number
}

/**
 * `; Domain=<domain>` for a cookie, or `''` without one. Throws `CelloError('invalid_argument')` for
 * a domain that is not a domain name, so that nothing is ever written for it.
 */
export function cookieDomainAttribute(domain: string | undefined): string {
  if (domain && !/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain)) {
    throw createCelloError(
      'invalid_argument',
      process.env.NODE_ENV !== 'production' ? `cookieDomain "${domain}" is not a domain name.` : '',
    )
  }
  return domain ? `; Domain=${domain}` : ''
}

/**
 * A cookie string for `document.cookie` or a `Set-Cookie` header: `name=value`, `Path=/`,
 * `SameSite=Lax`, 3 months unless `maxAge` says otherwise, `Domain` and `Secure` as asked. The one
 * writer of react-cello's cookies, in the browser (the provider) and on the server
 * (`captureReferral`). `value` must need no encoding: a valid code (see `isValidUcc`) or an
 * already URL-encoded value, so nothing in it can break out of the cookie. Throws
 * `CelloError('invalid_argument')` for a domain that is not a domain name.
 */
export function serializeCookie(
  name: string,
  value: string,
  { domain, secure, maxAge = REFERRAL_COOKIE_MAX_AGE }: ReferralCookieOptions = {},
): string {
  return `${name}=${value}; Max-Age=${maxAge}; Path=/; SameSite=Lax${cookieDomainAttribute(domain)}${secure ? '; Secure' : ''}`
}

/**
 * The `cello-referral` cookie string (see {@link serializeCookie}). The code must already be valid
 * (see `isValidUcc`): it is written as is.
 */
export function serializeReferralCookie(ucc: string, options?: ReferralCookieOptions): string {
  return serializeCookie(REFERRAL_COOKIE, ucc, options)
}

/**
 * The `cello-referrer` cookie's value (URL-encoded `u=<code>&n=<name>&p=<productId>`), or `null`
 * when the referral carries neither a name nor a product id. The code ties the name to the code it
 * came with: a later code written by Cello's script never shows an older referrer's name.
 */
export function referrerCookieValue(referral: Referral): string | null {
  const name = cleanReferrerName(referral.referrerName)
  const productId = isValidProductId(referral.productId) ? referral.productId : null
  if (!name && !productId) return null
  const fields = new URLSearchParams({ u: referral.ucc })
  if (name) fields.set('n', name)
  if (productId) fields.set('p', productId)
  return encodeURIComponent(fields.toString())
}

/** The `cello-referrer` cookie string, same attributes as `cello-referral`; `null` when there is nothing to keep. */
export function serializeReferrerCookie(referral: Referral, options: ReferralCookieOptions = {}): string | null {
  const value = referrerCookieValue(referral)
  return value === null ? null : serializeCookie(REFERRER_COOKIE, value, options)
}

/** The fields of a `cello-referrer` cookie's value (URL-encoded, see {@link referrerCookieValue}); `null` when absent or malformed. */
function referrerFields(value: string | null): URLSearchParams | null {
  if (value === null) return null
  try {
    return new URLSearchParams(decodeURIComponent(value))
  } catch {
    return null
  }
}

/**
 * The referral a `Cookie` header carries: the valid code of `cello-referral`, with the name and
 * product id of `cello-referrer` when that cookie belongs to the same code. The name is cleaned
 * again: a cookie is as untrusted as the URL it came from. `null` when there is no valid code.
 */
export function referralFromCookies(cookieHeader: string | null | undefined): Referral | null {
  if (!cookieHeader) return null
  const ucc = readCookie(cookieHeader, REFERRAL_COOKIE)
  if (!isValidUcc(ucc)) return null
  const fields = referrerFields(readCookie(cookieHeader, REFERRER_COOKIE))
  if (!fields || fields.get('u') !== ucc) return { ucc, referrerName: null, productId: null }
  const productId = fields.get('p')
  return {
    ucc,
    referrerName: cleanReferrerName(fields.get('n')),
    productId: isValidProductId(productId) ? productId : null,
  }
}
