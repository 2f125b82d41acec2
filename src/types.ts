/** One queued call, as Cello's documented command-queue stub pushes it (https://docs.cello.so/sdk/client-side/attribution-js-usage). */
export interface CelloCommand {
  command: string
  args: unknown[]
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
}

/** `window.CelloAttribution`: Cello's single entry point, `(command, ...args) => Promise`. */
export type CelloAttributionFunction = (command: string, ...args: unknown[]) => Promise<unknown>

declare global {
  interface Window {
    CelloAttribution?: CelloAttributionFunction
    CelloAttributionCmd?: CelloCommand[]
  }
}

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
