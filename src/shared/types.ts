/** Which Cello environment the attribution script (and later the API) belongs to. */
export type CelloEnvironment = 'production' | 'sandbox'

/** A referral as the package knows it: the code plus what came with it. */
export interface Referral {
  /** The referral code (Cello's "ucc"). */
  ucc: string
  /** The referrer's first name, when the referral link carried one. */
  referrerName?: string | null
  /** Cello's product id from the referral link's `productId` parameter. */
  productId?: string | null
}

/** The visitor's cookie consent for Cello, as your consent-management platform reports it. */
export type CelloConsent = 'granted' | 'denied' | 'pending'
