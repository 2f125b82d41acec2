import { decodeReferrerName, isValidProductId, isValidUcc } from './referralCode'
import type { Referral } from './types'

/**
 * The query parameters a referral link carries. Cello documents `ucc` and `productId`; the
 * referrer's name is known only from one customer's links (`celloN`, base64), so all three names
 * can be changed.
 */
export interface ReferralParamNames {
  /** @defaultValue 'ucc' */
  ucc?: string
  /** @defaultValue 'productId' */
  productId?: string
  /** Base64-encoded referrer first name. @defaultValue 'celloN' */
  referrerName?: string
}

/** What {@link parseReferralParams} found: the referral, or why a code was ignored. */
export interface ParsedReferralParams {
  referral: Referral | null
  /** Set when the URL carried a code that is not valid (it was ignored). */
  ignored?: string
}

/**
 * Reads a referral from a query string (`location.search`, a URL's `search`, or a
 * `URLSearchParams`). Never throws: an invalid code is ignored and the reason returned; a product
 * id that is not one (see `isValidProductId`) is dropped, the code kept.
 */
export function parseReferralParams(
  search: string | URLSearchParams,
  names: ReferralParamNames = {},
): ParsedReferralParams {
  const params = new URLSearchParams(search)
  const ucc = params.get(names.ucc ?? 'ucc')
  if (ucc === null) return { referral: null }
  const { length } = ucc
  if (!isValidUcc(ucc)) {
    // The code itself is not repeated: it is untrusted input and may be anything.
    return {
      referral: null,
      ignored:
        process.env.NODE_ENV !== 'production'
          ? `ignored an invalid referral code in the URL (${length} characters)`
          : `invalid ucc (${length})`,
    }
  }
  const encodedName = params.get(names.referrerName ?? 'celloN')
  const productId = params.get(names.productId ?? 'productId')
  return {
    referral: {
      ucc,
      referrerName: encodedName ? decodeReferrerName(encodedName) : null,
      productId: isValidProductId(productId) ? productId : null,
    },
  }
}
