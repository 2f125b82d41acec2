import { loadScriptOnce, type ScriptLoad } from '../loadCelloScript'
import { onPageReset } from '../pageState'
import type { CelloEnvironment } from '../types'
import './celloReferralTypes'

/** Where and how `cello.js` is loaded; options of `useCelloReferral`. */
export interface LoadCelloReferralOptions {
  /** Which of Cello's CDNs to load `cello.js` from. @defaultValue 'production' */
  environment?: CelloEnvironment
  /** Load the script from this URL instead (a proxy, a self-hosted copy, a test double). */
  scriptSrc?: string
  /** CSP nonce put on the `<script>` tag, for a `script-src` without `'unsafe-inline'`. */
  nonce?: string
  /** Milliseconds to wait for the script, and for `boot` and each command. @defaultValue 10000 */
  timeoutMs?: number
}

/**
 * The URL `cello.js` is loaded from for these options
 * (https://docs.cello.so/referral-component/quickstart).
 */
export function celloReferralScriptUrl(options: LoadCelloReferralOptions = {}): string {
  return (
    options.scriptSrc ??
    `https://assets.${options.environment === 'sandbox' ? 'sandbox.' : ''}cello.so/app/latest/cello.js`
  )
}

/** The page's one load of `cello.js`; a reset forgets it, as a new page load would. */
const script: ScriptLoad = { pending: null }
onPageReset(() => {
  script.pending = null
})

/**
 * Installs Cello's documented queue (`window.cello = window.cello || { cmd: [] }`) and loads
 * `cello.js` once per page, with the attribution loader's guarantees: one tag (or an adopted tag
 * with the same `src`), a timeout, and after a failure the next call tries again. Rejects with
 * `CelloError` `script_load_failed` or `script_timeout`. Browser only.
 */
export function loadCelloReferral(options: LoadCelloReferralOptions): Promise<void> {
  window.cello = window.cello || { cmd: [] }
  const label = process.env.NODE_ENV !== 'production' ? "Cello's Referral Component (cello.js)" : ''
  return loadScriptOnce(script, celloReferralScriptUrl(options), label, options)
}
