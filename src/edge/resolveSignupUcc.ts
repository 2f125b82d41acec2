// Which referral code a signup gets when it arrives with more than one: the rule written once, for
// your signup routes and for the handler's POST /signups.
import { isValidUcc } from '../shared/referralCode'

/** The places a signup's referral code can come from, as read by your route. */
export interface SignupUccSources {
  /**
   * The code your app carried itself across a redirect: `readReferralState(state).ucc` on an OAuth
   * callback, the `ucc` parameter of a magic link (see `addReferralToUrl`).
   */
  hop?: unknown
  /** The signup form's field (`<CelloUccInput />`, `form.get('ucc')`), or the JSON body's `ucc`. */
  field?: unknown
  /** The `cello-referral` cookie's code: `readReferral(request)?.ucc`. */
  cookie?: unknown
}

/** What {@link resolveSignupUcc} chose. */
export interface ResolvedSignupUcc {
  /** The code, or `null` when no source holds a valid one. */
  ucc: string | null
  /** Where it came from (`null` with no code). */
  from: 'hop' | 'field' | 'cookie' | null
}

const ORDER = ['hop', 'field', 'cookie'] as const

/**
 * The referral code of a signup: the first valid code of `hop`, then `field`, then `cookie`. A
 * source that is missing, blank or not a referral code is skipped, never an error, so a mangled
 * hop falls back to the form and the cookie. Why that order
 * (docs/hops.md#which-code-wins): the hop is the code your own server packed at the start of this
 * very signup, and the only one that survives a redirect through another origin or device; the
 * field is what the signup page held when it was sent; the cookie is what this browser kept from
 * an earlier visit, maybe someone else's on a shared computer, so it only fills a gap. All three
 * come from the visitor's browser: none is proof of anything, and Cello checks the code
 * (https://docs.cello.so/attribution/tracking-signups).
 *
 * @example
 * const { ucc } = resolveSignupUcc({ hop: readReferralState(state).ucc, cookie: readReferral(request)?.ucc })
 */
export function resolveSignupUcc(sources: SignupUccSources): ResolvedSignupUcc {
  for (const from of ORDER) {
    const value = sources[from]
    if (isValidUcc(value)) return { ucc: value, from }
  }
  return { ucc: null, from: null }
}
