import { parseReferralParams, type ReferralParamNames } from './shared/parseReferralParams'
import { isValidUcc, REFERRAL_COOKIE } from './shared/referralCode'
import { serializeReferralCookie } from './shared/referralCookie'
import type { Referral } from './types'

// The referral this page was opened with (or navigated to), kept for the page's lifetime so that
// a router that strips the query, a remount or a consent that is still pending loses nothing.
let pageReferral: Referral | null = null

/**
 * Reads `location.search` and remembers a valid referral found there. Returns the latest
 * referral this page has seen in its URL (not only the current URL), and why a code was ignored.
 */
export function captureUrlReferral(names?: ReferralParamNames): {
  referral: Referral | null
  ignored?: string | undefined
} {
  const { referral, ignored } = parseReferralParams(location.search, names)
  if (referral && referral.ucc !== pageReferral?.ucc) pageReferral = referral
  return { referral: pageReferral, ignored }
}

/**
 * The referral of the `cello-referral` cookie (its valid code), or `null`. A valid code needs no
 * decoding (see `isValidUcc`), so the browser's `name=value; name=value` string is read with one pattern.
 */
export function readReferralCookie(): Referral | null {
  const ucc = /(?:^|;\s*)cello-referral=([^;]*)/.exec(document.cookie)?.[1]
  return isValidUcc(ucc) ? { ucc } : null
}

/** Writes the `cello-referral` cookie (3 months, `Secure` on https). */
export function writeReferralCookie(ucc: string, domain?: string): void {
  document.cookie = serializeReferralCookie(ucc, { domain, secure: location.protocol === 'https:' })
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
  const domains = [undefined, ...labels.map((_, i) => labels.slice(i).join('.'))]
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
      for (const name of names) {
        for (const d of domains) document.cookie = `${name}=; Max-Age=0; Path=${p}${d ? `; Domain=${d}` : ''}`
      }
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
