import type { CelloProviderProps } from './CelloProvider'
import {
  captureUrlReferral,
  deleteCelloCookies,
  onNavigation,
  readReferralCookie,
  writeReferralCookie,
} from './browserReferral'
import { celloTimeout, createCelloCaller, loadCelloScript, type CelloCaller } from './loadCelloScript'
import { CelloError } from './shared/CelloError'
import { cleanReferrerName, isValidUcc } from './shared/referralCode'
import type { CelloConsent, Referral } from './types'

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

/**
 * The provider's runtime: a tiny external store for `useSyncExternalStore` and what fills it (the
 * URL, the cookie, Cello's script), so that `CelloProvider` is a thin shell over it. `getSnapshot`
 * keeps its identity until a field of `useUcc()`'s state changes, so a consumer commits only when
 * what it sees changed. Created once per provider with its first props; `props()` hands it the
 * latest ones (for `onError`, `debug` and `paramNames`) and `start()` runs what the props allow.
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
  const capture = () => (url = captureUrlReferral(props.paramNames, log))
  // Applies precedence (URL, server, cookie, script); name and product id come from any source that
  // agrees on the code.
  const derive = (): UccState => {
    const state: UccState = { ucc: null, source: null, status, referrerName: null, productId: null, error }
    ;[url, initial.initialReferral, cookie, script].forEach((referral, i) => {
      // The first source with a code sets it; later sources that agree fill in what it lacks.
      if (referral && (state.ucc ??= referral.ucc) == referral.ucc) {
        state.source ??= SOURCES[i] ?? null
        state.referrerName ??= referral.referrerName ?? null
        state.productId ??= referral.productId ?? null
      }
    })
    return state
  }
  // What the server rendered: only what it was given, so that hydration matches.
  const serverSnapshot = derive()
  let snapshot = serverSnapshot
  const emit = () => {
    const next = derive()
    const before = Object.values(snapshot)
    if (Object.values(next).some((value, i) => value !== before[i])) snapshot = next
    listeners.forEach((listener) => listener())
  }
  // What is known before the script answers, as `consent` allows: the cookie unless denied, a
  // script only when granted.
  const allow = (consent: CelloConsent) => {
    status = consent == 'granted' ? 'loading' : 'disabled'
    cookie = consent == 'denied' ? null : readReferralCookie()
    error = call = null
  }
  // In the browser, also the URL and what consent allows.
  if (typeof document == 'object') {
    capture()
    allow(initial.consent ?? 'granted')
    emit()
  }
  return {
    /** The caller of Cello's commands once the script is ready, else `null`. */
    call: () => call,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
    /** Takes the props of the latest render. */
    props(latest: CelloProviderProps) {
      props = latest
    },
    /**
     * Captures, persists and loads as the current props allow; returns what undoes it (the
     * navigation listener, and any answer still to come). Never tears the script down.
     */
    start(): () => void {
      // The props of this render: consent, cookieDomain, environment, scriptSrc, nonce, timeoutMs.
      const options = props
      const { consent = 'granted' } = options
      const granted = consent == 'granted'
      // Persists the code a referral link brought, whether on the first page or after a client-side
      // navigation. A cookie that already holds it is left alone: rewriting a cookie your server set
      // would make it script-set, which Safari caps at 7 days.
      const persist = () => {
        const ucc = url?.ucc
        try {
          if (granted && ucc && readReferralCookie()?.ucc != ucc) writeReferralCookie(ucc, options.cookieDomain)
        } catch (error) {
          // A CelloError for a bad cookieDomain; the browser's own when it refuses cookies (a sandboxed iframe).
          report(
            error instanceof CelloError ? error : new CelloError('cookie_blocked', String(error), { cause: error }),
          )
        }
      }
      const report = (error: CelloError) => {
        log(error.message)
        props.onError?.(error)
      }
      const stopListening = onNavigation(() => {
        capture()
        emit()
        persist()
      })
      persist()
      allow(consent)
      emit()
      if (!granted) {
        log(
          process.env.NODE_ENV !== 'production'
            ? `consent is ${consent}: no script, no cookie writes`
            : `consent ${consent}`,
        )
        if (consent == 'denied') deleteCelloCookies()
        return stopListening
      }
      let active = true
      const caller = createCelloCaller(celloTimeout(options))
      loadCelloScript(options)
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
            status = failure.code == 'command_failed' ? 'error' : 'blocked'
            error = failure
            emit()
          },
        )
      return () => {
        active = false
        stopListening()
      }
    },
  }
}

export type CelloStore = ReturnType<typeof createCelloStore>
