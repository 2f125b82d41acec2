import type { QueryClient } from '@tanstack/react-query'
import { createElement, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { CelloContext } from './CelloContext'
import { CelloError } from './shared/CelloError'
import { getReferrerName, getUcc } from './createCelloAttributionApi'
import { createCelloStore, type CelloStoreData } from './createCelloStore'
import type { CelloBff } from './createFetchBff'
import { celloTimeout, createCelloCaller, loadCelloScript, type LoadCelloAttributionOptions } from './loadCelloScript'
import type { ReferralParamNames } from './shared/parseReferralParams'
import {
  captureUrlReferral,
  deleteCelloCookies,
  onNavigation,
  readReferralCookie,
  writeReferralCookie,
} from './browserReferral'
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
  const {
    children,
    consent = 'granted',
    environment,
    scriptSrc,
    nonce,
    timeoutMs,
    cookieDomain,
    bff,
    queryClient,
  } = props
  // The latest props, for callbacks that outlive the render they started in (onError, debug).
  const latest = useRef(props)
  useEffect(() => {
    latest.current = props
  })
  // On the server, only `initialReferral`; in the browser, also the URL and what consent allows.
  const [store] = useState(() =>
    createCelloStore({
      server: props.initialReferral,
      status: 'disabled',
      ...(typeof document == 'object' && { url: capture(props), ...allowed(consent) }),
    }),
  )
  const value = useMemo(() => ({ store, bff, queryClient }), [store, bff, queryClient])

  useEffect(() => {
    const granted = consent == 'granted'
    const report = (error: CelloError) => {
      log(latest.current, error.message)
      latest.current.onError?.(error)
    }
    // Persists the code a referral link brought, whether on the first page or after a client-side
    // navigation. A cookie that already holds it is left alone: rewriting a cookie your server set
    // would make it script-set, which Safari caps at 7 days.
    const persist = () => {
      const ucc = store.data().url?.ucc
      try {
        if (granted && ucc && readReferralCookie()?.ucc != ucc) writeReferralCookie(ucc, cookieDomain)
      } catch (error) {
        // A CelloError for a bad cookieDomain; the browser's own when it refuses cookies (a sandboxed iframe).
        report(error instanceof CelloError ? error : new CelloError('cookie_blocked', String(error), { cause: error }))
      }
    }
    const stopListening = onNavigation(() => {
      store.update({ url: capture(latest.current) })
      persist()
    })
    persist()
    store.update(allowed(consent))
    if (!granted) {
      log(latest.current, `consent is ${consent}: no script, no cookie writes`)
      if (consent == 'denied') deleteCelloCookies()
      return stopListening
    }
    let active = true
    // The props of this render, set by the effect above: environment, scriptSrc, nonce, timeoutMs.
    const options = latest.current
    const call = createCelloCaller(celloTimeout(options))
    loadCelloScript(options)
      .then(() => Promise.all([getUcc(call), getReferrerName(call)]))
      .then(
        ([ucc, referrerName]) => {
          if (!active) return
          log(latest.current, `script ready (ucc: ${ucc})`)
          store.update({ call, script: ucc ? { ucc, referrerName } : null, status: 'ready' })
        },
        (error: CelloError) => {
          if (!active) return
          report(error)
          store.update({ status: error.code == 'command_failed' ? 'error' : 'blocked', error })
        },
      )
    return () => {
      active = false
      stopListening()
    }
  }, [store, consent, environment, scriptSrc, nonce, timeoutMs, cookieDomain])

  // createElement rather than JSX: the bundle then imports react alone, not react/jsx-runtime too.
  return createElement(CelloContext.Provider, { value }, children)
}

/** What the provider knows before the script answers, as `consent` allows: the cookie unless denied, a script only when granted. */
function allowed(consent: CelloConsent): CelloStoreData {
  return {
    status: consent == 'granted' ? 'loading' : 'disabled',
    cookie: consent == 'denied' ? null : readReferralCookie(),
    error: null,
    call: null,
  }
}

function log(props: CelloProviderProps, message: string): void {
  // eslint-disable-next-line no-console -- the debug prop asks for console output
  if (props.debug) console.debug(`[react-cello] ${message}`)
}

function capture(props: CelloProviderProps): Referral | null {
  const { referral, ignored } = captureUrlReferral(props.paramNames)
  if (ignored) log(props, ignored)
  return referral
}
