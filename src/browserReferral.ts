import type { ReferralParamNames } from './shared/parseReferralParams'
import { decodeReferrerName, isValidUcc, REFERRAL_COOKIE } from './shared/referralCode'
import { cookieDomainAttribute } from './shared/referralCookie'
import type { Referral } from './types'

// The referral this page was opened with (or navigated to), kept for the page's lifetime so that
// a router that strips the query, a remount or a consent that is still pending loses nothing.
let pageReferral: Referral | null = null

/**
 * Reads `location.search` and remembers a valid referral found there (the browser's copy of
 * `parseReferralParams`, same rules, without its result object). Returns the latest referral this
 * page has seen in its URL (not only the current URL); an invalid code is ignored and `log` told why.
 */
export function captureUrlReferral(names: ReferralParamNames = {}, log: (message: string) => void): Referral | null {
  const params = new URLSearchParams(location.search)
  const ucc = params.get(names.ucc ?? 'ucc')
  if (ucc == null) return pageReferral
  const { length } = ucc
  if (!isValidUcc(ucc)) {
    // The code itself is not repeated: it is untrusted input and may be anything.
    log(
      process.env.NODE_ENV !== 'production'
        ? `ignored an invalid referral code in the URL (${length} characters)`
        : `invalid ucc (${length})`,
    )
  } else if (ucc != pageReferral?.ucc) {
    const encodedName = params.get(names.referrerName ?? 'celloN')
    const productId = params.get(names.productId ?? 'productId')
    pageReferral = {
      ucc,
      referrerName: encodedName ? decodeReferrerName(encodedName) : null,
      productId: productId && productId.length <= 255 ? productId : null,
    }
  }
  return pageReferral
}

/**
 * The referral of the `cello-referral` cookie (its valid code), or `null`. A valid code needs no
 * decoding (see `isValidUcc`), so the browser's `name=value; name=value` string is read with one pattern.
 */
export function readReferralCookie(): Referral | null {
  const ucc = /(?:^|;\s*)cello-referral=([^;]*)/.exec(document.cookie)?.[1]
  return isValidUcc(ucc) ? { ucc } : null
}

/**
 * Writes the `cello-referral` cookie (3 months, `Path=/`, `SameSite=Lax`, `Secure` on https). The
 * code is valid (see `isValidUcc`), so it is written as is. Throws `CelloError('invalid_argument')`
 * for a `domain` that is not a domain name, and whatever the browser throws when it refuses cookies.
 */
export function writeReferralCookie(ucc: string, domain?: string): void {
  // Max-Age is 90 days, as Cello keeps its own cookie.
  document.cookie = `${REFERRAL_COOKIE}=${ucc}; Max-Age=7776000; Path=/; SameSite=Lax${cookieDomainAttribute(domain)}${location.protocol == 'https:' ? '; Secure' : ''}`
}

/**
 * Deletes Cello's cookies: every `cello-*` cookie this page can see and the ones Cello documents,
 * host-only and on the host and each parent domain (where `cookieDomain` or Cello's own script may
 * have written them), on `/` and on every path this page is under. The configured `cookieDomain`
 * is one of those: a browser takes no cookie for a domain the host is not under, and ignores a
 * leading dot and case.
 */
export function deleteCelloCookies(): void {
  const labels = location.hostname.split('.')
  const domains = ['', ...labels.map((_, i) => `; Domain=${labels.slice(i).join('.')}`)]
  // The cookie names the page sees, and Cello's documented ones
  // (https://docs.cello.so/landing-pages/manage-cookies) even when they are hidden: in Chromium,
  // document.cookie goes on listing the cookies of the URL the page was loaded with, so after a
  // client-side navigation those of the new path are missing.
  const names = new Set(
    `${REFERRAL_COOKIE} cello-productId cello-product-id cello-cookie-consent; ${document.cookie}`.match(
      /(?<![^\s;])cello-[^=;\s]+/g,
    ),
  )
  // A cookie is deleted only on its own path, which the page cannot read: try each one it could
  // have, for /signup/x: /, /signup, /signup/, /signup/x, /signup/x/ (and an empty Path, which
  // means the page's default path). A path ends at `;`.
  let path = ''
  for (const segment of location.pathname.replace(/;.*/s, '').split('/')) {
    for (const p of [(path += segment), (path += '/')]) {
      for (const name of names) for (const d of domains) document.cookie = `${name}=; Max-Age=0; Path=${p}${d}`
    }
  }
}

const listeners = new Set<() => void>()
let patched = false

/**
 * Calls `listener` after every client-side navigation: `history.pushState`, `replaceState`
 * (patched once per page, the original always called first) and back/forward. Returns the
 * unsubscribe function.
 */
export function onNavigation(listener: () => void): () => void {
  if (!patched) {
    patched = true
    const notify = () => listeners.forEach((l) => l())
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method]
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args)
        notify()
      }
    }
    window.addEventListener('popstate', notify)
  }
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Forgets the page's captured referral, as a new page load would. For tests only (not exported publicly). */
export function forgetPageReferral(): void {
  pageReferral = null
}
