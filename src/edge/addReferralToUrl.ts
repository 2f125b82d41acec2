// The referral code on a link that leaves the browser's cookies behind: a magic link opened from an
// email (maybe on another device), or a mobile attribution provider's install link.
import { isValidUcc } from '../shared/referralCode'

/** Options of {@link addReferralToUrl}. */
export interface AddReferralToUrlOptions {
  /**
   * The query parameter. `ucc` is the one Cello's referral links carry
   * (https://docs.cello.so/attribution/for-web), so a page opened from the link captures it like a
   * referral link (`captureReferral`, `CelloProvider`). @defaultValue 'ucc'
   */
  param?: string
}

/** Stands in for the origin of a relative URL, and is cut off again. */
const RELATIVE_BASE = 'http://relative.invalid'

/**
 * `url` with the referral code as a query parameter (`ucc` unless `param` says otherwise), replacing
 * one already there; the rest of the URL (other parameters, fragment) is kept. A relative URL
 * (`/auth/verify?token=…`) stays relative. A missing or invalid code returns `url` unchanged, as a
 * string, so nothing that is not a referral code ever reaches a link. Read it back on the server
 * with `new URL(request.url).searchParams.get('ucc')` (then `resolveSignupUcc`), or let
 * `captureReferral` read it as it reads a referral link.
 *
 * @example
 * const link = addReferralToUrl(`https://app.example.com/auth/verify?token=${token}`, ucc)
 * await sendMagicLinkEmail(email, link)
 */
export function addReferralToUrl(
  url: string | URL,
  ucc: string | null | undefined,
  { param = 'ucc' }: AddReferralToUrlOptions = {},
): string {
  const text = String(url)
  if (!isValidUcc(ucc)) return text
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)
  const parsed = new URL(text, RELATIVE_BASE)
  parsed.searchParams.set(param, ucc)
  return absolute ? parsed.href : parsed.href.slice(RELATIVE_BASE.length)
}

/**
 * A mobile attribution provider's install link (Branch, AppsFlyer, Adjust, Singular) with
 * `referral_ucc` added, as Cello documents for app installs
 * (https://docs.cello.so/attribution/for-mobile): the provider keeps the parameter through the app
 * store and hands it to the app on first launch, which sends it with the signup. A missing or
 * invalid code returns the link unchanged.
 *
 * @example
 * addReferralToInstallLink('https://yourbrand.app.link/abc123', ucc) // …/abc123?referral_ucc=pNRB1aYqArN
 */
export function addReferralToInstallLink(link: string | URL, ucc: string | null | undefined): string {
  return addReferralToUrl(link, ucc, { param: 'referral_ucc' })
}
