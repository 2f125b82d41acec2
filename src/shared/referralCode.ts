/** Cello's cookie holding the referral code (ucc), 3 months, first-party. */
export const REFERRAL_COOKIE = 'cello-referral'

// What a referral link may carry, written once for the browser and the server (URL, cookies): a
// value that breaks one of these is ignored, never stored or sent on.

/**
 * The longest referral code, product id or id of yours (user, organization, invoice) Cello's API
 * takes (https://docs.cello.so/api-reference/generic-events/purchase-created-v2): 255 characters.
 * Written once; the browser's patterns and the server's schemas use it.
 */
export const MAX_ID_LENGTH = 255

/** Letters, digits, `-` and `_`, 1 to {@link MAX_ID_LENGTH} characters: anything else is ignored, never stored. */
const UCC_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`)

/**
 * Cello's product id (`productId`, https://docs.cello.so/attribution/for-web): the code's
 * characters plus `.`, as product ids are often host names (`www.example.com`), 1 to
 * {@link MAX_ID_LENGTH} characters. No CR, LF, `;`, `=`, space or `%` can reach a cookie, a header or a log line.
 */
const PRODUCT_ID_PATTERN = new RegExp(`^[A-Za-z0-9._-]{1,${MAX_ID_LENGTH}}$`)

/** True when `value` is a referral code the package accepts (see {@link UCC_PATTERN}). */
export function isValidUcc(value: unknown): value is string {
  return typeof value === 'string' && UCC_PATTERN.test(value)
}

/** True when `value` is a product id the package accepts (see {@link PRODUCT_ID_PATTERN}). */
export function isValidProductId(value: unknown): value is string {
  return typeof value === 'string' && PRODUCT_ID_PATTERN.test(value)
}

/**
 * Referrer names are kept to 80 code points, cut after the last whole word that fits, else (one
 * longer word) at 80.
 */
const FIRST_80 = /^(.{1,80}(?= |$)|.{1,80})/u

// What a name may hold: at least one letter, and only letters of any script (with their combining
// marks), spaces, hyphens, apostrophes and dots. A name with anything else is refused, not shown in part.
const NAME = /^(?=.*\p{L})[\p{L}\p{M} .'’‐-]+$/u

/**
 * Cleans a referrer name for display. The name comes from an unsigned URL parameter, so it is
 * kept only when it looks like a name: invisible characters (bidi overrides and isolates,
 * zero-width characters, every other format or default-ignorable code point) and control
 * characters are dropped, whitespace becomes single spaces, and what is left must be letters of
 * any script, spaces, hyphens, apostrophes and dots, with at least one letter; a name longer than
 * 80 characters keeps its whole words that fit (a single longer word is cut at 80). Returns `null`
 * for anything else, and for what is not a non-empty string.
 */
export function cleanReferrerName(value: unknown): string | null {
  if (typeof value !== 'string') return null
  // Invisible and control characters go first (a control character that is whitespace becomes a space).
  const name = value
    .replace(/[\p{Cf}\p{DI}]|(?!\s)\p{Cc}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
  // By code points (the u flag), so never inside a surrogate pair: whole words first, else a plain cut.
  return (NAME.test(name) && name.match(FIRST_80)?.[0]) || null
}

/**
 * Decodes Cello's `celloN` parameter: the referrer's first name, base64 (standard or URL-safe)
 * of its UTF-8 bytes. Returns `null` when it is not valid base64 or not valid UTF-8.
 */
export function decodeReferrerName(encoded: string): string | null {
  try {
    // atob is forgiving about missing `=` padding (WHATWG forgiving-base64).
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'))
    // The bytes as %XX escapes (Annex B `escape`, in every browser and server runtime), decoded as
    // UTF-8 by decodeURIComponent, which throws on invalid UTF-8 (overlong forms, surrogates,
    // truncated sequences) as a fatal TextDecoder does, in fewer bytes. A leading BOM that
    // TextDecoder would drop is kept here, and removed by cleanReferrerName with every other
    // format character.
    return cleanReferrerName(decodeURIComponent(escape(binary)))
  } catch {
    return null
  }
}

/**
 * Reads one cookie from a `Cookie` header or `document.cookie`: the value of the first `name=`
 * pair as written (not URL-decoded: a valid code needs no decoding, and a value that is encoded is
 * decoded by its reader, see `referralFromCookies`); `null` when absent. `name` is one of
 * react-cello's cookie names (letters, digits and `-`), so it is safe inside the pattern as written.
 */
export function readCookie(cookieHeader: string, name: string): string | null {
  return new RegExp(`(?:^|;)\\s*${name}=([^;]*)`).exec(cookieHeader)?.[1] ?? null
}
