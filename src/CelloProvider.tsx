import type { QueryClient } from '@tanstack/react-query'
import { createElement, useEffect, useMemo, useState, type ReactNode } from 'react'
import { CelloContext } from './CelloContext'
import type { CelloError } from './shared/CelloError'
import { createCelloStore } from './createCelloStore'
import type { CelloBff } from './createFetchBff'
import type { LoadCelloAttributionOptions } from './loadCelloScript'
import type { ReferralParamNames } from './shared/parseReferralParams'
import type { CelloConsent, Referral } from './types'

export type { CelloConsent }

/** Props of {@link CelloProvider}. */
export interface CelloProviderProps extends LoadCelloAttributionOptions {
  children?: ReactNode
  /**
   * With `'pending'` or `'denied'` no script is loaded and no cookie is written; the code captured
   * from the URL still serves the current page. `'granted'` loads the script and persists the
   * code; `'denied'` also deletes the `cello-*` cookies.
   * @defaultValue 'granted'
   */
  consent?: CelloConsent
  /** A referral read on the server (see `readReferral` in `react-cello/server`), so that server and client render the same. */
  initialReferral?: Referral | null
  /**
   * The QueryClient of the package's queries (`useActiveLink`, `useReferralCodeValidation`,
   * `useReportSignup`). The provider never puts a QueryClient in your tree.
   * @defaultValue the app's QueryClient above, else one private to react-cello
   */
  queryClient?: QueryClient
  /** Called with every `CelloError` the provider meets (script blocked, timed out, failed; a bad `cookieDomain`). */
  onError?: (error: CelloError) => void
  /** Log what the provider does to the console, prefixed `[react-cello]`. @defaultValue false */
  debug?: boolean
  /** Domain of the `cello-referral` cookie, e.g. `.example.com`. @defaultValue the current host only */
  cookieDomain?: string
  /**
   * How the hooks reach your server for everything that needs Cello's secret keys.
   * @defaultValue createFetchBff() — the routes of `createCelloHandler` under `/api/cello`
   */
  bff?: CelloBff
  /** Query parameter names of referral links. @defaultValue `{ ucc: 'ucc', productId: 'productId', referrerName: 'celloN' }` */
  paramNames?: ReferralParamNames
}

/**
 * Captures the visitor's referral code and loads Cello's attribution script. Put it once near the
 * root of every page that can be the target of a referral link (landing, pricing, signup).
 *
 * @example
 * <CelloProvider environment="sandbox" consent={consent}>
 *   <App />
 * </CelloProvider>
 * @see https://docs.cello.so/sdk/client-side/attribution-js-usage
 */
export function CelloProvider(props: CelloProviderProps) {
  const { consent, environment, scriptSrc, nonce, timeoutMs, cookieDomain, bff, queryClient } = props
  // Captures from the URL during the first render, so that the code is there before any effect.
  const [store] = useState(() => createCelloStore(props))
  // The latest props, for callbacks that outlive the render they started in (onError, debug).
  useEffect(() => store.props(props))
  useEffect(() => store.start(), [store, consent, environment, scriptSrc, nonce, timeoutMs, cookieDomain])
  // createElement rather than JSX: the bundle then imports react alone, not react/jsx-runtime too.
  return createElement(
    CelloContext.Provider,
    { value: useMemo(() => ({ store, bff, queryClient }), [store, bff, queryClient]) },
    props.children,
  )
}
