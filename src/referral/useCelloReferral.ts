'use client'
import { useContext, useEffect, useRef, useSyncExternalStore } from 'react'
import { CelloContext } from '../core/CelloContext'
import { defaultFetchBff, type CelloBff } from '../runtime/createFetchBff'
import type { CelloError } from '../shared/CelloError'
import type {
  CelloActiveUcc,
  CelloReferralUser,
  CelloUserInteractionHandler,
} from '../runtime/referral/celloReferralTypes'
import type { LoadCelloReferralOptions } from '../runtime/referral/loadCelloReferral'
import { referralController, type CelloReferralStatus } from '../runtime/referral/referralController'

/** Options of {@link useCelloReferral}. */
export interface UseCelloReferralOptions extends LoadCelloReferralOptions {
  /** Your Cello product id (portal, Access Keys). */
  productId: string
  /**
   * The signed-in user: boots the component for them. `null` (signed out) shuts it down;
   * `undefined` (not known yet, e.g. the session is loading) changes nothing.
   */
  user: CelloReferralUser | null | undefined
  /** ISO 639-1 code; a change after boot calls `changeLanguage`, without a reboot. */
  language?: string
  /** ISO 3166-1 alpha-2 code of the user's country (Cello pays out only in some countries). */
  country?: string
  /** Hide Cello's own launcher button, e.g. to render {@link CelloReferralLauncher} instead. */
  hideDefaultLauncher?: boolean
  /** Where the widget token comes from. @defaultValue the `CelloProvider`'s `bff`, else `createFetchBff()` */
  bff?: CelloBff
  /** Called when the user does something in the component, e.g. `'linkCopied'`. */
  onUserInteraction?: CelloUserInteractionHandler
}

/** What {@link useCelloReferral} returns. The functions are stable. */
export interface UseCelloReferralResult {
  /** `idle` (no user, or on the server), `loading`, `ready`, `blocked` (`cello.js` did not load) or `error`. */
  status: CelloReferralStatus
  /** Why the status is `blocked` or `error`, with a `code`. */
  error: CelloError | null
  /** Opens the component. Rejects `command_failed` unless `status` is `ready`. */
  open(): Promise<void>
  /** Closes the component. */
  close(): Promise<void>
  /** Switches the component's language without a reboot. */
  changeLanguage(language: string): Promise<void>
  /** The user's referral code and link, from the component. */
  getActiveUcc(): Promise<CelloActiveUcc>
}

const actions = {
  open: () => referralController.command('open').then(() => undefined),
  close: () => referralController.command('close').then(() => undefined),
  changeLanguage: referralController.changeLanguage,
  getActiveUcc: referralController.getActiveUcc,
}

/**
 * Cello's Referral Component (`cello.js`) for the signed-in user, the React way: loads the script
 * once, gets a token from your BFF (`GET {basePath}/widget-token`), boots once per user (also
 * under StrictMode and remounts), shuts down on sign-out or before another user boots, refreshes
 * the token through the BFF when Cello says it is expiring (`updateToken`, no reboot), and
 * renders nothing on the server. Mount it once, in the signed-in layout: the component is one
 * per page, and unmounting the last hook shuts it down.
 *
 * @example
 * const referral = useCelloReferral({ productId: 'your-product-id', user: user && { productUserId: user.id }, language: 'en', hideDefaultLauncher: true })
 * @see https://docs.cello.so/sdk/client-side/cello-js-usage
 * @see https://docs.cello.so/guides/token-update
 */
export function useCelloReferral(options: UseCelloReferralOptions): UseCelloReferralResult {
  const context = useContext(CelloContext)
  const bff = options.bff ?? context?.bff ?? defaultFetchBff()
  const latest = useRef({ details: options.user?.productUserDetails, onUserInteraction: options.onUserInteraction })
  useEffect(() => {
    latest.current = { details: options.user?.productUserDetails, onUserInteraction: options.onUserInteraction }
  })
  const { productId, user, language, country, hideDefaultLauncher, environment, scriptSrc, nonce, timeoutMs } = options
  // The user is compared by id: a new object for the same person is not a new user.
  const productUserId = user === undefined ? undefined : (user?.productUserId ?? null)
  useEffect(
    () =>
      referralController.acquire({
        productId,
        user: productUserId === undefined ? undefined : productUserId === null ? null : { productUserId },
        language,
        country,
        hideDefaultLauncher,
        load: { environment, scriptSrc, nonce, timeoutMs },
        bff,
        details: () => latest.current.details,
        onUserInteraction: (action, payload) => latest.current.onUserInteraction?.(action, payload),
      }),
    [productId, productUserId, language, country, hideDefaultLauncher, environment, scriptSrc, nonce, timeoutMs, bff],
  )
  const { status, error } = useSyncExternalStore(
    referralController.subscribe,
    referralController.getSnapshot,
    referralController.getServerSnapshot,
  )
  return { status, error, ...actions }
}
