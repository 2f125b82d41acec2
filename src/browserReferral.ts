import { parseReferralParams, type ReferralParamNames } from './parseReferralParams'
import { isValidUcc, readCookie, REFERRAL_COOKIE } from './referralCode'
import { serializeReferralCookie } from './referralCookie'
import type { Referral } from './types'

// The referral this page was opened with (or navigated to), kept for the page's lifetime so that
// a router that strips the query, a remount or a consent that is still pending loses nothing.
let pageReferral: Referral | null = null

/**
 * Reads `location.search` and remembers a valid referral found there. Returns the latest
 * referral this page has seen in its URL (not only the current URL), and why a code was ignored.
 */
export function captureUrlReferral(names?: ReferralParamNames): { referral: Referral | null; ignored?: string | undefined } {
  const { referral, ignored } = parseReferralParams(location.search, names)
  if (referral && referral.ucc !== pageReferral?.ucc) pageReferral = referral
  return { referral: pageReferral, ignored }
}

/** The valid code in the `cello-referral` cookie, or `null`. */
export function readReferralCookie(): string | null {
  const value = readCookie(document.cookie, REFERRAL_COOKIE)
  return isValidUcc(value) ? value : null
}

/** Writes the `cello-referral` cookie (3 months, `Secure` on https). */
export function writeReferralCookie(ucc: string, domain?: string): void {
  document.cookie = serializeReferralCookie(ucc, { domain, secure: location.protocol === 'https:' })
}

/**
 * Deletes every `cello-*` cookie this page can see: host-only, on the configured domain, and on
 * each parent domain (where Cello's own script may have written them).
 */
export function deleteCelloCookies(domain?: string): void {
  const labels = location.hostname.split('.')
  const domains = [undefined, domain, ...labels.map((_, i) => labels.slice(i).join('.'))]
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]!.trim()
    if (!name.startsWith('cello-')) continue
    for (const d of domains) {
      document.cookie = `${name}=; Max-Age=0; Path=/${d ? `; Domain=${d}` : ''}`
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
