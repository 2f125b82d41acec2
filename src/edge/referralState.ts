// The referral code through an OAuth round trip: packed into the `state` the app already sends,
// after its CSRF nonce (never instead of it), and read back on the callback. The provider returns
// `state` as it was sent (RFC 6749 §4.1.2), on another origin where no cookie of the app exists.
import { isValidUcc } from '../shared/referralCode'

/** Between the app's state and the code: no referral code holds it, and it needs no URL encoding. */
const SEPARATOR = '~'

/** What {@link readReferralState} found in a returned `state`. */
export interface ReferralState {
  /** The state your app packed: compare it with the nonce you stored, as without react-cello. */
  state: string
  /** The referral code packed with it, or `null` (none, or not a valid code). */
  ucc: string | null
}

/**
 * The OAuth `state` to send to the provider: your own `state` (the unguessable CSRF nonce you
 * already store) followed by `~` and the referral code, so the code comes back on the callback even
 * when no cookie could be stored (consent pending, another device, a browser that drops cookies on
 * the provider's redirect). Your state is kept whole, so it stays as unguessable as before; check it
 * on the callback with {@link readReferralState}. A missing or invalid code adds nothing (a state
 * that itself holds `~` then ends with an empty `~`, so that it reads back unchanged).
 *
 * @example
 * const nonce = crypto.randomUUID() // stored in your session cookie, as usual
 * authorizeUrl.searchParams.set('state', withReferralState(nonce, captureReferral(request).referral?.ucc))
 */
export function withReferralState(state: string, ucc: string | null | undefined): string {
  if (isValidUcc(ucc)) return `${state}${SEPARATOR}${ucc}`
  return state.includes(SEPARATOR) ? `${state}${SEPARATOR}` : state
}

/**
 * Splits the `state` an OAuth provider returned into your state and the referral code
 * {@link withReferralState} packed. Compare `state` with your stored nonce, and use `ucc` only when
 * it matches (pass it to `resolveSignupUcc` as the `hop`). A code that is not a valid referral
 * code is dropped (`ucc: null`); `null` or `undefined` gives `{ state: '', ucc: null }`.
 *
 * @example
 * const { state, ucc } = readReferralState(url.searchParams.get('state'))
 * if (state !== session.oauthNonce) return new Response('Bad state', { status: 400 })
 */
export function readReferralState(returned: string | null | undefined): ReferralState {
  const value = returned ?? ''
  const at = value.lastIndexOf(SEPARATOR)
  if (at === -1) return { state: value, ucc: null }
  const tail = value.slice(at + 1)
  return { state: value.slice(0, at), ucc: isValidUcc(tail) ? tail : null }
}
