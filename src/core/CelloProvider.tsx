import { createElement, useEffect, useMemo, useState } from 'react'
import { CelloContext } from './CelloContext'
import { createCelloStore } from '../runtime/createCelloStore'
import type { CelloProviderProps } from '../runtime/CelloProviderProps'

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
  const crossDomains = String(props.crossDomains)
  // Captures from the URL during the first render, so that the code is there before any effect.
  const [store] = useState(() => createCelloStore(props))
  // The latest props, for callbacks that outlive the render they started in (onError, debug).
  useEffect(() => store.props(props))
  useEffect(() => store.start(), [store, consent, environment, scriptSrc, nonce, timeoutMs, cookieDomain, crossDomains])
  // createElement rather than JSX: the bundle then imports react alone, not react/jsx-runtime too.
  return createElement(
    CelloContext.Provider,
    { value: useMemo(() => ({ store, bff, queryClient }), [store, bff, queryClient]) },
    props.children,
  )
}
