// Types of Cello's Referral Component (`cello.js`) as Cello documents them
// (https://docs.cello.so/sdk/client-side/cello-js-usage, https://docs.cello.so/guides/token-update).

/** The signed-in user's details that Cello uses for fraud checks and notifications. */
export interface CelloProductUserDetails {
  email?: string
  firstName?: string
  lastName?: string
  fullName?: string
}

/** The signed-in user the Referral Component is booted for. */
export interface CelloReferralUser {
  /** Your own user id: unique per person, not per organization; the id your BFF signs the token for. */
  productUserId: string
  /** Sent with `boot`; a later change does not reboot the component. */
  productUserDetails?: CelloProductUserDetails
}

/** What `getActiveUcc` answers: the user's referral code and link. */
export interface CelloActiveUcc {
  ucc: string
  link: string
}

/**
 * `onUserInteraction`'s callback. Cello documents `'linkCopied'` as one `action`; the others and
 * the payload's shape are not documented, so both stay open.
 */
export type CelloUserInteractionHandler = (action: 'linkCopied' | (string & {}), payload?: unknown) => void

/** The options `cello.boot(options)` takes, as far as Cello documents them. */
export interface CelloBootOptions {
  productId: string
  token: string
  /** ISO 639-1 code, e.g. `'en'`. */
  language?: string
  /** ISO 3166-1 alpha-2 code; in a country Cello cannot pay out to, the component does not boot. */
  country?: string
  productUserDetails?: CelloProductUserDetails
  hideDefaultLauncher?: boolean
  /** A CSS selector for your own launcher element(s): Cello anchors its badge and announcements there. */
  customLauncherSelector?: string
  onTokenExpiring?: (...args: unknown[]) => void
  onTokenExpired?: (...args: unknown[]) => void
  onUserInteraction?: CelloUserInteractionHandler
}

/**
 * The selector `useCelloReferral` boots with when `hideDefaultLauncher` is set, and the attribute
 * every `<CelloReferralLauncher>` carries (https://docs.cello.so/referral-component/custom-launcher).
 */
export const CELLO_LAUNCHER_SELECTOR = '[data-cello-launcher]'

/** The object `cello.js` passes to the functions queued in `window.cello.cmd`. */
export interface CelloReferralInstance {
  boot(options: CelloBootOptions): Promise<unknown>
}

/** `window.Cello`: `(command, ...args) => Promise`, registered by `cello.js` when it loads. */
export type CelloReferralFunction = (command: string, ...args: unknown[]) => Promise<unknown>

declare global {
  interface Window {
    /** Cello's documented queue: functions pushed here run with the component once `cello.js` has loaded. */
    cello?: { cmd: { push(fn: (cello: CelloReferralInstance) => unknown): unknown } }
    Cello?: CelloReferralFunction
  }
}
