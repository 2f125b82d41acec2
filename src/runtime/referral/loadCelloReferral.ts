import { createScriptLoader } from '../loadCelloScript'
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

// The label appears only in development messages, so production builds do not carry it. Marked
// pure so that a bundle importing this module for something else drops the loader.
const loadReferralScript = /* @__PURE__ */ createScriptLoader(
  process.env.NODE_ENV !== 'production' ? "Cello's Referral Component (cello.js)" : '',
)

/**
 * Installs Cello's documented queue (`window.cello = window.cello || { cmd: [] }`) and loads
 * `cello.js` once per page, with the attribution loader's guarantees: one tag (or an adopted tag
 * with the same `src`), a timeout, and after a failure the next call tries again. Rejects with
 * `CelloError` `script_load_failed` or `script_timeout`. Browser only.
 */
export function loadCelloReferral(options: LoadCelloReferralOptions): Promise<void> {
  window.cello = window.cello || { cmd: [] }
  return loadReferralScript(celloReferralScriptUrl(options), options)
}
