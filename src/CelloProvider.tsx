import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { CelloContext } from './CelloContext'
import { isCelloError, CelloError } from './CelloError'
import { createCelloStore } from './createCelloStore'
import type { CelloBff } from './createFetchBff'
import { loadCelloAttribution, type LoadCelloAttributionOptions } from './loadCelloAttribution'
import type { ReferralParamNames } from './parseReferralParams'
import { captureUrlReferral, deleteCelloCookies, onNavigation, readReferralCookie, writeReferralCookie } from './browserReferral'
import type { Referral } from './types'

/** The visitor's cookie consent for Cello, as your consent-management platform reports it. */
export type CelloConsent = 'granted' | 'denied' | 'pending'

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
  /** The QueryClient for the package's queries. @defaultValue the app's QueryClient above, else a private one */
  queryClient?: QueryClient
  /** Called with every `CelloError` the provider meets (script blocked, timed out, failed). */
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

const isBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined'

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
  const { children, consent = 'granted', environment, scriptSrc, nonce, timeoutMs, cookieDomain } = props
  const latest = useRef(props)
  latest.current = props
  const [store] = useState(() => {
    let url: Referral | null = null
    let cookie: string | null = null
    if (isBrowser()) {
      url = capture(props)
      cookie = consent === 'denied' ? null : readReferralCookie()
    }
    return createCelloStore({
      url,
      server: props.initialReferral ?? null,
      cookie,
      script: null,
      campaign: null,
      api: null,
      status: isBrowser() && consent === 'granted' ? 'loading' : 'disabled',
      error: null,
    })
  })
  const { bff } = props
  const value = useMemo(() => ({ store, bff }), [store, bff])

  useEffect(
    () =>
      onNavigation(() => {
        const before = store.data().url
        const url = capture(latest.current)
        if (url === before) return
        store.update({ url })
        if (url && (latest.current.consent ?? 'granted') === 'granted') {
          persist(url.ucc, latest.current)
        }
      }),
    [store],
  )

  useEffect(() => {
    if (consent !== 'granted') {
      log(latest.current, `consent is ${consent}: no script, no cookie writes`)
      if (consent === 'denied') deleteCelloCookies(cookieDomain)
      store.update({ status: 'disabled', error: null, ...(consent === 'denied' && { cookie: null }) })
      return
    }
    const url = store.data().url
    if (url) persist(url.ucc, latest.current)
    store.update({ status: 'loading', error: null, cookie: readReferralCookie() })
    let active = true
    loadCelloAttribution({ environment, scriptSrc, nonce, timeoutMs })
      .then(async (api) => {
        if (!api || !active) return
        const [ucc, referrerName, campaign] = await Promise.all([api.getUcc(), api.getReferrerName(), api.getCampaignConfig()])
        if (!active) return
        log(latest.current, `script ready (ucc: ${ucc ?? 'none'})`)
        store.update({ api, script: ucc ? { ucc, referrerName } : null, campaign, status: 'ready' })
      })
      .catch((error: unknown) => {
        if (!active) return
        const celloError = isCelloError(error) ? error : new CelloError('command_failed', String(error), { cause: error })
        log(latest.current, celloError.message)
        latest.current.onError?.(celloError)
        const blocked = celloError.code === 'script_load_failed' || celloError.code === 'script_timeout'
        store.update({ status: blocked ? 'blocked' : 'error', error: celloError })
      })
    return () => {
      active = false
    }
  }, [store, consent, environment, scriptSrc, nonce, timeoutMs, cookieDomain])

  const parentQueryClient = useContext(QueryClientContext)
  const [privateQueryClient] = useState(() => (props.queryClient || parentQueryClient ? null : new QueryClient()))
  const queryClient = props.queryClient ?? parentQueryClient ?? privateQueryClient
  const tree = <CelloContext.Provider value={value}>{children}</CelloContext.Provider>
  return queryClient && queryClient !== parentQueryClient ? (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  ) : (
    tree
  )
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

function persist(ucc: string, props: CelloProviderProps): void {
  try {
    writeReferralCookie(ucc, props.cookieDomain)
  } catch (error) {
    log(props, (error as Error).message)
    if (isCelloError(error)) props.onError?.(error)
  }
}
