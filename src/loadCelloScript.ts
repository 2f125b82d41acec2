import { CelloError } from './shared/CelloError'
import { installCelloStub } from './installCelloStub'
import type { CelloEnvironment } from './types'

/** Options of `loadCelloAttribution`; the same fields are props of `CelloProvider`. */
export interface LoadCelloAttributionOptions {
  /** Which of Cello's CDNs to load the script from. @defaultValue 'production' */
  environment?: CelloEnvironment
  /** Load the script from this URL instead (a proxy, a self-hosted copy, a test double). */
  scriptSrc?: string
  /** CSP nonce put on the `<script>` tag, for a `script-src` without `'unsafe-inline'`. */
  nonce?: string
  /** Milliseconds to wait for the script (and later for each command). @defaultValue 10000 */
  timeoutMs?: number
}

/** The URL the script is loaded from for these options. */
export function celloAttributionScriptUrl(options: LoadCelloAttributionOptions = {}): string {
  return (
    options.scriptSrc ??
    `https://assets.${options.environment === 'sandbox' ? 'sandbox.' : ''}cello.so/attribution/latest/cello-attribution.js`
  )
}

/** `timeoutMs` when it is a positive number, else 10 s. */
export const celloTimeout = ({ timeoutMs }: LoadCelloAttributionOptions): number =>
  typeof timeoutMs === 'number' && timeoutMs > 0 ? timeoutMs : 10_000

let pending: Promise<void> | null = null
let pendingSrc: string | undefined

// The explanation is for development builds; production keeps the code and the URL.
const blockedHint = (label: string) =>
  process.env.NODE_ENV !== 'production'
    ? ` (ad blocker, Content-Security-Policy or offline)${label === 'attribution script' ? '; capture from the URL and cookie still works' : ''}`
    : ''

/**
 * Injects `<script type="module" async src>` (or adopts a tag with the same `src` already in the
 * page) and resolves when it has loaded. Rejects with `CelloError` `script_load_failed` (the tag
 * is removed, so the next call injects a fresh one) or `script_timeout`. `label` names the script
 * in messages: "Cello's {label}".
 * Internal: shared by the attribution and referral-component loaders, which memoise it.
 */
export function inject(
  src: string,
  nonce: string | undefined,
  timeoutMs: number,
  label = 'attribution script',
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Matched on the attribute as written, so a tag the page rendered is found without parsing URLs.
    let tag = Array.from(document.scripts).find((script) => script.getAttribute('src') === src)
    if (process.env.NODE_ENV !== 'production' && tag && tag.type !== 'module') {
      console.warn(
        `[react-cello] The page already has a <script src="${src}"> without type="module" (Next.js <Script strategy="beforeInteractive"> drops it). ` +
          `Cello's ${label} is an ES module and may not run from it: let react-cello inject the tag, or render it with type="module".`,
      )
    }
    const data = tag?.dataset
    // A tag the page itself rendered has fired its load event before the page's own `load`.
    if (data && (data.celloLoaded != null || (data.celloInjected == null && document.readyState === 'complete'))) {
      return resolve()
    }
    if (!tag) {
      tag = Object.assign(document.createElement('script'), { type: 'module', async: true, src })
      tag.dataset.celloInjected = ''
      if (nonce) tag.nonce = nonce
      document.head.append(tag)
    }
    const script = tag
    const listening = new AbortController()
    const settle = (error?: CelloError) => {
      clearTimeout(timer)
      listening.abort()
      if (error) reject(error)
      else resolve()
    }
    const timer = setTimeout(
      () => settle(new CelloError('script_timeout', `Cello's ${label} did not load from ${src} in ${timeoutMs} ms`)),
      timeoutMs,
    )
    script.addEventListener(
      'load',
      () => {
        script.dataset.celloLoaded = ''
        settle()
      },
      listening,
    )
    script.addEventListener(
      'error',
      (event) => {
        script.remove() // so that a later call injects a fresh tag
        settle(new CelloError('script_load_failed', `Cello's ${label} failed to load from ${src}${blockedHint(label)}`, { cause: event }))
      },
      listening,
    )
  })
}

/**
 * Installs Cello's command-queue stub and loads the script once per page: injects
 * `<script type="module" async>` (or adopts a tag with the same `src` already in the page) and
 * never removes it. Rejects with `CelloError` `script_load_failed` or `script_timeout`; after a
 * failure the next call tries again. Browser only: callers check for `window` first.
 */
export function loadCelloScript(options: LoadCelloAttributionOptions): Promise<void> {
  installCelloStub(window)
  const src = celloAttributionScriptUrl(options)
  if (process.env.NODE_ENV !== 'production' && pending && src !== pendingSrc) {
    console.warn(`[react-cello] Cello's attribution script is already loading from ${pendingSrc}; ${src} is ignored until the page reloads.`)
  }
  if (!pending) {
    const attempt = (pending = inject(src, options.nonce, celloTimeout(options)))
    pendingSrc = src
    attempt.catch(() => {
      if (pending === attempt) pending = null
    })
  }
  return pending
}

/** Forgets the loaded script, as a new page load would. For tests only (not exported publicly). */
export function forgetCelloAttribution(): void {
  pending = null
}
