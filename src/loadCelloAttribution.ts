import { CelloError } from './CelloError'
import { createCelloAttributionApi, type CelloAttributionApi } from './createCelloAttributionApi'
import { installCelloStub } from './installCelloStub'
import type { CelloEnvironment } from './types'

/** Options of {@link loadCelloAttribution}; the same fields are props of `CelloProvider`. */
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

const CDN: Record<CelloEnvironment, string> = {
  production: 'https://assets.cello.so/attribution/latest/cello-attribution.js',
  sandbox: 'https://assets.sandbox.cello.so/attribution/latest/cello-attribution.js',
}

/** The URL the script is loaded from for these options. */
export function celloAttributionScriptUrl(options: LoadCelloAttributionOptions = {}): string {
  return options.scriptSrc ?? CDN[options.environment ?? 'production']
}

let pending: Promise<CelloAttributionApi> | null = null
let pendingSrc: string | null = null

function findScript(src: string): HTMLScriptElement | null {
  for (const script of document.querySelectorAll<HTMLScriptElement>('script[src]')) {
    if (script.src === new URL(src, document.baseURI).href) return script
  }
  return null
}

function inject(src: string, nonce: string | undefined, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let script = findScript(src)
    if (script?.dataset.celloLoaded !== undefined) return resolve()
    // A tag the page itself rendered has fired its load event before the page's own `load`.
    if (script && script.dataset.celloInjected === undefined && document.readyState === 'complete') {
      return resolve()
    }
    if (!script) {
      script = document.createElement('script')
      script.type = 'module'
      script.async = true
      script.src = src
      script.dataset.celloInjected = ''
      if (nonce) script.nonce = nonce
      document.head.appendChild(script)
    }
    const tag = script
    const settle = (error?: CelloError) => {
      clearTimeout(timer)
      tag.removeEventListener('load', onLoad)
      tag.removeEventListener('error', onError)
      if (error) reject(error)
      else resolve()
    }
    const onLoad = () => {
      tag.dataset.celloLoaded = ''
      settle()
    }
    const onError = (event: Event) => {
      tag.remove() // so that a later call injects a fresh tag
      settle(
        new CelloError(
          'script_load_failed',
          `Cello's attribution script failed to load from ${src} (blocked by an ad blocker or a ` +
            'Content-Security-Policy, or offline). Referral capture from the URL and cookie still works.',
          { cause: event },
        ),
      )
    }
    const timer = setTimeout(
      () =>
        settle(
          new CelloError('script_timeout', `Cello's attribution script did not load from ${src} within ${timeoutMs} ms.`, {
            cause: new Error('timeout'),
          }),
        ),
      timeoutMs,
    )
    tag.addEventListener('load', onLoad)
    tag.addEventListener('error', onError)
  })
}

/**
 * Loads Cello's attribution script once per page and resolves with a typed wrapper over its
 * command API. Installs Cello's command-queue stub first, injects
 * `<script type="module" async>` (or adopts a matching tag already in the page), and never removes
 * it. Resolves `null` on the server without touching `window` or `document`.
 *
 * Rejects with a `CelloError` whose `code` is `script_load_failed` or `script_timeout`; after a
 * failure the next call tries again.
 *
 * @example
 * const cello = await loadCelloAttribution({ environment: 'sandbox' })
 * const ucc = await cello?.getUcc()
 * @see https://docs.cello.so/sdk/client-side/attribution-js-usage
 */
export function loadCelloAttribution(
  options: LoadCelloAttributionOptions = {},
): Promise<CelloAttributionApi | null> {
  if (typeof window === 'undefined' || typeof document === 'undefined') return Promise.resolve(null)
  const timeoutMs =
    typeof options.timeoutMs === 'number' && options.timeoutMs > 0 ? options.timeoutMs : 10_000
  installCelloStub(window)
  const src = celloAttributionScriptUrl(options)
  if (pending && src !== pendingSrc) {
    console.warn(`[react-cello] Cello's attribution script is already loading from ${pendingSrc}; ${src} is ignored until the page reloads.`)
  }
  if (!pending) {
    const attempt = inject(src, options.nonce, timeoutMs).then(() => createCelloAttributionApi(window, timeoutMs))
    pending = attempt
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
