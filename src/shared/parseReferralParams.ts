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

/**
 * Reads a referral from a query string (`location.search`, a URL's `search`, or a
 * `URLSearchParams`), with the same rules in the browser (the provider) and on the server
 * (`captureReferral`). Never throws: an invalid code is ignored, `null` returned and the reason
 * handed to `onIgnored` (the code itself is not repeated: it is untrusted input and may be
 * anything); a product id that is not one (see `isValidProductId`) is dropped, the code kept.
 */
export function parseReferralParams(
  search: string | URLSearchParams,
  names: ReferralParamNames = {},
  onIgnored?: (reason: string) => void,
): Referral | null {
  const params = new URLSearchParams(search)
  const ucc = params.get(names.ucc ?? 'ucc')
  if (ucc === null) return null
  const { length } = ucc
  if (!isValidUcc(ucc)) {
    onIgnored?.(
      process.env.NODE_ENV !== 'production'
        ? `ignored an invalid referral code in the URL (${length} characters)`
        : `invalid ucc (${length})`,
    )
    return null
  }
  const encodedName = params.get(names.referrerName ?? 'celloN')
  const productId = params.get(names.productId ?? 'productId')
  return {
    ucc,
    referrerName: encodedName ? decodeReferrerName(encodedName) : null,
    productId: isValidProductId(productId) ? productId : null,
  }
}
