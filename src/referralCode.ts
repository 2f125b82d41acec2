/** Cello's cookie holding the referral code (ucc), 3 months, first-party. */
export const REFERRAL_COOKIE = 'cello-referral'

/** Letters, digits, `-` and `_`, 1 to 255 characters: anything else is ignored, never stored. */
const UCC_PATTERN = /^[A-Za-z0-9_-]{1,255}$/

/** True when `value` is a referral code the package accepts (see {@link UCC_PATTERN}). */
export function isValidUcc(value: unknown): value is string {
  return typeof value === 'string' && UCC_PATTERN.test(value)
}

/** Longest referrer name kept; longer names are cut, control characters dropped. */
const MAX_NAME_LENGTH = 100

/**
 * Cleans a referrer name for display: text only, trimmed, no control characters, at most
 * 100 characters. Returns `null` for anything that is not a non-empty string.
 */
export function cleanReferrerName(value: unknown): string | null {
  if (typeof value !== 'string') return null
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const name = value.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME_LENGTH)
  return name === '' ? null : name
}

/**
 * Decodes Cello's `celloN` parameter: the referrer's first name, base64 (standard or URL-safe)
 * of its UTF-8 bytes. Returns `null` when it is not valid base64 or not valid UTF-8.
 */
export function decodeReferrerName(encoded: string): string | null {
  try {
    // atob is forgiving about missing `=` padding (WHATWG forgiving-base64).
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    return cleanReferrerName(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return null
  }
}

/** Reads one cookie from a `Cookie` header or `document.cookie`; `null` when absent or malformed. */
export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      return null
    }
  }
  return null
}
