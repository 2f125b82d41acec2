// The browser runtime of CelloProvider: capture from the URL, the `cello-referral` cookie,
// client-side navigation and the store `useUcc` reads, in one closure per provider, so that the
// provider is a thin shell and each step is written once. Cello's script is loaded through
// ./loadCelloScript, which loadCelloAttribution shares.
import type { CelloProviderProps } from './CelloProviderProps'
import { celloTimeout, createCelloCaller, loadCelloScript } from './loadCelloScript'
import { autoCookieDomain } from './autoCookieDomain'
import { onPageReset } from './pageState'
import type { CelloCaller, CelloConsent, Referral } from './types'
import { CelloError } from '../shared/CelloError'
import { createCelloError } from '../shared/createCelloError'
import { parseReferralParams } from '../shared/parseReferralParams'
import { cleanReferrerName, isValidUcc, REFERRAL_COOKIE } from '../shared/referralCode'
import { referralFromCookies, serializeCookie } from '../shared/referralCookie'

/** Where the current referral code came from, in order of precedence. */
export type UccSource = 'url' | 'server' | 'cookie' | 'script'

/**
 * - `loading`: consent is granted and Cello's script is on its way (the code may already be known).
 * - `ready`: the script answered.
 * - `blocked`: the script failed to load or timed out; capture from the URL and cookie still works.
 * - `disabled`: consent is not granted, or this is a server render; no script, no cookie writes.
 * - `error`: the script loaded but failed to answer.
 */
export type UccStatus = 'loading' | 'ready' | 'blocked' | 'disabled' | 'error'

/** What `useUcc()` returns. */
export interface UccState {
  /** The referral code, or `null` when this visitor was not referred. */
  ucc: string | null
  /** Where `ucc` came from (URL, then server, then cookie, then script), or `null`. */
  source: UccSource | null
  /** The state of Cello's attribution script; the code does not wait for it. */
  status: UccStatus
  /** The referrer's first name when known (text only, never HTML). */
  referrerName: string | null
  /** Cello's product id from the referral link, when it carried one. */
  productId: string | null
  /** Why `status` is `blocked` or `error`. */
  error: CelloError | null
}

const SOURCES = ['url', 'server', 'cookie', 'script'] as const

/** What react-cello/devtools reads from a started store (development builds only, see {@link startedStores}). */
export interface CelloStoreInspection {
  /** The provider's latest props: `consent`, `cookieDomain`, `environment`, `scriptSrc`… */
  props: CelloProviderProps
  /** What each source says: a referral, `null` for none, `undefined` when not read (consent denied, server render). */
  sources: Record<UccSource, Referral | null | undefined>
  /** What `useUcc()` returns now. */
  state: UccState
}

/**
 * The started stores of the page (one per mounted provider): each start's undo, to its inspection.
 * Filled in development builds only, for react-cello/devtools (how many providers, their consent
 * and sources); production builds drop it.
 */
export const startedStores = new Map<() => void, () => CelloStoreInspection>()

// The referral this page was opened with (or navigated to), kept for the page's lifetime so that
// a router that strips the query, a remount or a consent that is still pending loses nothing.
let pageReferral: Referral | null = null
// The providers to tell about client-side navigations, and whether history is patched yet. A reset
// keeps both: the listeners belong to mounted providers, and the patch stays on `history` (it calls
// the original first; nothing could undo it safely).
const navigation = new Set<() => void>()
let patched = false
onPageReset(() => {
  pageReferral = null
})

/**
 * The referral of the `cello-referral` cookie (its valid code), with the referrer's name and
 * product id of the `cello-referrer` cookie that server-side capture writes when it belongs to the
 * same code, or `null`. A page rendered in the browser (a SPA) thus shows the name on a returning
 * visit without `initialReferral`.
 */
function readReferralCookie(): Referral | null {
  return referralFromCookies(document.cookie)
}

/**
 * The provider's runtime: a tiny external store for `useSyncExternalStore` and what fills it (the
 * URL, the cookie, Cello's script). `getSnapshot` keeps its identity until a field of `useUcc()`'s
 * state changes, so a consumer commits only when what it sees changed. Created once per provider
 * with its first props (capturing from the URL then, so that the first render has the code);
 * `props()` hands it the latest ones (for `onError`, `debug` and `paramNames`) and `start()` runs
 * what the props allow.
 */
export function createCelloStore(initial: CelloProviderProps) {
  let props = initial
  // What each source says (see UccSource; the server's is `initialReferral`) and the script's state.
  let url: Referral | null | undefined
  let cookie: Referral | null | undefined
  let script: Referral | null | undefined
  let status: UccStatus = 'disabled'
  let error: CelloError | null = null
  let call: CelloCaller | null = null
  const listeners = new Set<() => void>()
  const log = (message: string) => {
    // eslint-disable-next-line no-console -- the debug prop asks for console output
    if (props.debug) console.debug(`[react-cello] ${message}`)
  }
  // Reads `location.search` with the server's rules (parseReferralParams) and remembers a valid
  // referral found there for the page; an invalid code is ignored, and logged.
  const capture = () => {
    const referral = parseReferralParams(location.search, props.paramNames, log)
    if (referral && referral.ucc !== pageReferral?.ucc) pageReferral = referral
    url = pageReferral
  }
  // Applies precedence (URL, server, cookie, script): the first source with a code sets it, and the
  // referrer's name and product id come from the first source that agrees on the code and has them.
  const derive = (): UccState => {
    const referrals = [url, props.initialReferral, cookie, script]
    const index = referrals.findIndex((referral) => referral)
    const ucc = referrals[index]?.ucc ?? null
    const agreeing = referrals.filter((referral) => referral && referral.ucc === ucc)
    return {
      ucc,
      source: SOURCES[index] ?? null,
      status,
      referrerName: agreeing.find((referral) => referral?.referrerName)?.referrerName ?? null,
      productId: agreeing.find((referral) => referral?.productId)?.productId ?? null,
      error,
    }
  }
  // What the server rendered: only what it was given, so that hydration matches.
  const serverSnapshot = derive()
  let snapshot = serverSnapshot
  // Derives the state again and tells the subscribers when a field changed (useCelloCaller's
  // `call` changes only with `status`), so that calling it when nothing changed costs no render.
  const emit = () => {
    const next = derive()
    const before = Object.values(snapshot)
    if (Object.values(next).some((value, i) => value !== before[i])) {
      snapshot = next
      listeners.forEach((listener) => listener())
    }
  }
  // What is known before the script answers, as `consent` allows: the cookie unless denied, a
  // script only when granted; then told to the subscribers.
  const allow = (consent: CelloConsent) => {
    status = consent === 'granted' ? 'loading' : 'disabled'
    cookie = consent === 'denied' ? null : readReferralCookie()
    error = null
    call = null
    emit()
  }
  // In the browser, also the URL and what consent allows.
  if (typeof document === 'object') {
    capture()
    allow(initial.consent ?? 'granted')
  }
  return {
    /** The caller of Cello's commands once the script is ready, else `null`. */
    call: () => call,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /**
     * Takes the props of the latest render. A new `initialReferral` (a client-side navigation in
     * Next.js renders the layout again with the cookie it now reads) is told to the subscribers
     * (see `emit`: only when it changes what `useUcc()` says).
     */
    props(latest: CelloProviderProps) {
      props = latest
      emit()
    },
    /**
     * Captures, persists and loads as the current props allow; returns what undoes it (the
     * navigation listener, and any answer still to come). Never tears the script down.
     */
    start(): () => void {
      // `props` are this render's (the provider hands them over before it starts): consent,
      // cookieDomain, environment, scriptSrc, nonce and timeoutMs start again when they change.
      const { consent = 'granted' } = props
      const granted = consent === 'granted'
      const report = (error: CelloError) => {
        log(error.message)
        props.onError?.(error)
      }
      // Persists the code a referral link brought, whether on the first page or after a client-side
      // navigation: `cello-referral`, 90 days as Cello keeps its own, `Secure` on https. A cookie
      // that already holds it is left alone: rewriting a cookie your server set would make it
      // script-set, which Safari caps at 7 days.
      const persist = () => {
        const ucc = url?.ucc
        if (!granted || !ucc) return
        try {
          if (readReferralCookie()?.ucc !== ucc) {
            document.cookie = serializeCookie(REFERRAL_COOKIE, ucc, {
              domain: props.cookieDomain === 'auto' ? autoCookieDomain() : props.cookieDomain,
              secure: location.protocol === 'https:',
            })
          }
        } catch (error) {
          // A CelloError for a bad cookieDomain; the browser's own when it refuses cookies (a sandboxed iframe).
          report(
            error instanceof CelloError ? error : createCelloError('cookie_blocked', String(error), { cause: error }),
          )
        }
      }
      const navigated = () => {
        capture()
        emit()
        persist()
      }
      // Client-side navigations: history.pushState and replaceState, patched once per page (the
      // original always called first), and back/forward.
      if (!patched) {
        patched = true
        const notify = () => navigation.forEach((listener) => listener())
        for (const method of ['pushState', 'replaceState'] as const) {
          const original = history[method]
          history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
            original.apply(this, args)
            notify()
          }
        }
        window.addEventListener('popstate', notify)
      }
      navigation.add(navigated)
      // What undoes this start: no more navigations, and no answer of the script applied.
      let active = true
      let undecorate: (() => void) | undefined
      const stop = () => {
        active = false
        undecorate?.()
        navigation.delete(navigated)
        if (process.env.NODE_ENV !== 'production') startedStores.delete(stop)
      }
      // What react-cello/devtools reads while this start lasts (development builds only).
      if (process.env.NODE_ENV !== 'production')
        startedStores.set(stop, () => ({
          props,
          sources: { url, server: initial.initialReferral, cookie, script },
          state: snapshot,
        }))
      persist()
      allow(consent)
      // Links and forms that carry the code: to `crossDomains`, and to this origin while consent is
      // pending (nothing is stored then). Loaded only when needed, so the core stays small.
      if (consent !== 'denied' && (props.crossDomains?.length || consent === 'pending')) {
        void import('./decorateLinks').then(({ decorateLinks, referralParams }) => {
          if (active)
            undecorate = decorateLinks(() => {
              const { ucc, referrerName, productId } = snapshot
              return ucc
                ? {
                    params: referralParams({ ucc, referrerName, productId }, props.paramNames),
                    domains: props.crossDomains ?? [],
                    sameOrigin: consent === 'pending',
                  }
                : null
            })
        })
      }
      if (!granted) {
        log(
          process.env.NODE_ENV !== 'production'
            ? `consent is ${consent}: no script, no cookie writes`
            : `consent ${consent}`,
        )
        if (consent === 'denied') deleteCelloCookies()
        return stop
      }
      const caller = createCelloCaller(celloTimeout(props))
      loadCelloScript(props)
        // Checked as getUcc and getReferrerName of the typed API do: a code that is not valid is no code.
        .then(() => Promise.all([caller('getUcc'), caller('getReferrerName')]))
        .then(
          ([ucc, referrerName]) => {
            if (!active) return
            call = caller
            script = isValidUcc(ucc) ? { ucc, referrerName: cleanReferrerName(referrerName) } : null
            log(process.env.NODE_ENV !== 'production' ? `script ready (ucc: ${script?.ucc})` : `ready ${script?.ucc}`)
            status = 'ready'
            emit()
          },
          (failure: CelloError) => {
            if (!active) return
            report(failure)
            status = failure.code === 'command_failed' ? 'error' : 'blocked'
            error = failure
            emit()
          },
        )
      return stop
    },
  }
}

export type CelloStore = ReturnType<typeof createCelloStore>

/**
 * Deletes Cello's cookies: every `cello-*` cookie this page can see and the ones Cello documents,
 * host-only and on the host and each parent domain (where `cookieDomain` or Cello's own script may
 * have written them), on `/` and on every path this page is under. The configured `cookieDomain`
 * is one of those: a browser takes no cookie for a domain the host is not under, and ignores a
 * leading dot and case.
 */
function deleteCelloCookies(): void {
  const labels = location.hostname.split('.')
  const domains = ['', ...labels.map((_, i) => `; Domain=${labels.slice(i).join('.')}`)]
  // The cookie names the page sees, and Cello's documented ones
  // (https://docs.cello.so/landing-pages/manage-cookies) even when they are hidden: in Chromium,
  // document.cookie goes on listing the cookies of the URL the page was loaded with, so after a
  // client-side navigation those of the new path are missing. A `cello-` inside another name or a
  // value matches too: that only deletes a cello-* cookie, which is the point.
  const names = new Set(
    `${REFERRAL_COOKIE} cello-productId cello-product-id cello-cookie-consent; ${document.cookie}`.match(
      /cello-[^=;\s]+/g,
    ),
  )
  // A cookie is deleted only on its own path, which the page cannot read: try each one it could
  // have, for /signup/x: /, /signup, /signup/, /signup/x, /signup/x/ (and an empty Path, which
  // means the page's default path). A path ends at `;`.
  let path = ''
  for (const segment of location.pathname.replace(/;.*/s, '').split('/')) {
    for (const p of [(path += segment), (path += '/')]) {
      for (const name of names) for (const d of domains) document.cookie = `${name}=; Max-Age=0; Path=${p}${d}`
    }
  }
}
