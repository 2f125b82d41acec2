import { CelloError } from './CelloError'
import { REFERRAL_COOKIE } from './referralCode'

/** Three months, as Cello keeps its own cookie. */
const REFERRAL_COOKIE_MAX_AGE = 90 * 24 * 60 * 60

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
 * The `cello-referral` cookie string for `document.cookie` or a `Set-Cookie` header:
 * `Path=/`, `SameSite=Lax`, 3 months. The code must already be valid (see `isValidUcc`), so
 * nothing in it can break out of the cookie. Throws `CelloError('invalid_argument')` for a domain
 * that is not a domain name.
 */
export function serializeReferralCookie(ucc: string, options: ReferralCookieOptions = {}): string {
  let cookie = `${REFERRAL_COOKIE}=${encodeURIComponent(ucc)}; Max-Age=${options.maxAge ?? REFERRAL_COOKIE_MAX_AGE}; Path=/; SameSite=Lax`
  if (options.domain) {
    if (!/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(options.domain)) {
      throw new CelloError('invalid_argument', `cookieDomain "${options.domain}" is not a domain name.`)
    }
    cookie += `; Domain=${options.domain}`
  }
  if (options.secure) cookie += '; Secure'
  return cookie
}
