// Cello's attribution script, from queue stub to answered command: one concern, one module. The
// long explanations are for development builds (`process.env.NODE_ENV`, as React Query does);
// production keeps the error codes and their docs links (see createCelloError).
import { createCelloError } from '../shared/createCelloError'
import { onPageReset } from './pageState'
import { createCelloAttributionApi, type CelloAttributionApi } from './createCelloAttributionApi'
import type { CelloCaller, CelloCommand, CelloEnvironment } from './types'

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
  timeoutMs && timeoutMs > 0 ? timeoutMs : 10_000

/**
 * Injects one `<script type="module" async src>` (with `nonce` when given), or adopts a tag with
 * the same `src` already in the page, and resolves once it has loaded. Rejects with `CelloError`
 * `script_timeout` after `timeoutMs`, or `script_load_failed` when the tag fails, removing the tag
 * so that the next call injects a fresh one. `label` names the script in messages ("Cello's
 * attribution script"). Browser only; the tag is never removed once loaded.
 *
 * Exported for loaders of Cello's other scripts, which get the same guarantees.
 * @public
 */
export function injectModuleScript(
  src: string,
  label: string,
  nonce: string | undefined,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Matched on the attribute as written, so a tag the page rendered is found without parsing URLs.
    const found = [...document.scripts].find((script) => script.getAttribute('src') === src)
    if (process.env.NODE_ENV !== 'production' && found && found.type !== 'module') {
      console.warn(
        `[react-cello] The page already has a <script src="${src}"> without type="module" (Next.js <Script strategy="beforeInteractive"> drops it). ` +
          `${label} is an ES module and may not run from it: let react-cello inject the tag, or render it with type="module".`,
      )
    }
    // `data-cello` is '' on a tag this package injected and '1' once any tag has loaded. A tag the
    // page itself rendered (no mark) has fired its load event before the page's own `load`.
    const mark = found?.dataset.cello
    if (mark === '1' || (found && mark === undefined && document.readyState === 'complete')) return resolve()
    const tag =
      found ??
      document.head.appendChild(
        Object.assign(document.createElement('script'), { type: 'module', async: true, src, nonce: nonce ?? '' }),
      )
    if (!found) tag.dataset.cello = ''
    // Settling twice is a no-op, so neither the timer nor the listeners need undoing: a load after
    // the timeout still marks the tag loaded for the next call, an error after it removes the tag.
    setTimeout(
      reject,
      timeoutMs,
      createCelloError(
        'script_timeout',
        process.env.NODE_ENV !== 'production' ? `${label} did not load from ${src} in ${timeoutMs} ms` : '',
      ),
    )
    tag.addEventListener('load', () => {
      tag.dataset.cello = '1'
      resolve()
    })
    tag.addEventListener('error', (cause) => {
      tag.remove()
      reject(
        createCelloError(
          'script_load_failed',
          process.env.NODE_ENV !== 'production'
            ? `${label} failed to load from ${src} (ad blocker, Content-Security-Policy or offline)`
            : '',
          { cause },
        ),
      )
    })
  })
}

/**
 * Installs Cello's documented command-queue stub (https://docs.cello.so/sdk/client-side/attribution-js-usage,
 * "Option 1: Queue Function") unless `window.CelloAttribution` already exists: calls made before
 * the script arrives are queued in `window.CelloAttributionCmd` and answered by the script when it
 * drains the queue. Never replaces a real `window.CelloAttribution`. Returns the function now in
 * `window.CelloAttribution` (the script's own, or the stub).
 */
export function installCelloStub(win: Window = window): CelloCaller {
  if (!win.CelloAttribution) {
    win.CelloAttribution = (command, ...args) => {
      if (command === 'getReferral') {
        throw createCelloError(
          'invalid_argument',
          process.env.NODE_ENV !== 'production'
            ? 'getReferral is not supported in this context. Use getUcc instead.'
            : '',
        )
      }
      return new Promise((resolve, reject) => {
        const queue = (win.CelloAttributionCmd = win.CelloAttributionCmd || [])
        queue.push({ command, args, resolve, reject } satisfies CelloCommand)
      })
    }
  }
  return win.CelloAttribution
}

/**
 * A loader of one script, loaded once per page (see {@link injectModuleScript}): its calls share
 * one load, and after a failure the next call tries again. A call with another `src` while one is
 * loaded or loading gets that one, and a warning in development. `label` names the script in
 * development messages ('' in production). The load is page-wide state: a reset forgets it, as a
 * new page load would.
 */
export function createScriptLoader(
  label: string,
): (src: string, options: LoadCelloAttributionOptions) => Promise<void> {
  let pending: Promise<void> | null = null
  // Kept in development builds only, for the warning about a second `src`.
  let pendingSrc: string | undefined
  onPageReset(() => {
    pending = null
  })
  return (src, options) => {
    if (process.env.NODE_ENV !== 'production' && pending && src !== pendingSrc) {
      console.warn(
        `[react-cello] ${label} is already loading from ${pendingSrc}; ${src} is ignored until the page reloads.`,
      )
    }
    if (!pending) {
      const attempt = injectModuleScript(src, label, options.nonce, celloTimeout(options))
      pending = attempt
      if (process.env.NODE_ENV !== 'production') pendingSrc = src
      // Forgotten after a failure, so that the next call tries again.
      attempt.catch(() => {
        if (pending === attempt) pending = null
      })
    }
    return pending
  }
}

// The label appears only in development messages, so production builds do not carry it. Marked
// pure so that a bundle importing this module for something else drops the loader.
const loadAttributionScript = /* @__PURE__ */ createScriptLoader(
  process.env.NODE_ENV !== 'production' ? "Cello's attribution script" : '',
)

/**
 * Installs the queue stub and loads the script once per page (see {@link createScriptLoader}).
 * Browser only: callers check for `window` first.
 */
export function loadCelloScript(options: LoadCelloAttributionOptions): Promise<void> {
  installCelloStub()
  return loadAttributionScript(celloAttributionScriptUrl(options), options)
}

/**
 * Builds a {@link CelloCaller} through `window.CelloAttribution`, looked up at call time (the
 * queue stub before the script has loaded, the script's own function after). Its calls reject with
 * `CelloError('command_failed')` when the script throws, rejects or does not answer in `timeoutMs`.
 */
export const createCelloCaller =
  (timeoutMs: number): CelloCaller =>
  (command, ...args) =>
    new Promise((resolve, reject) => {
      // A late answer after the timeout settles nothing, so the timer is left to run out.
      // The reason is for development builds; production keeps the code and the command.
      setTimeout(
        () => reject(process.env.NODE_ENV !== 'production' ? new Error(`no answer after ${timeoutMs} ms`) : undefined),
        timeoutMs,
      )
      // Through an async function, so that a script function that throws becomes a rejection; not
      // resolve(promise), which would lock this promise to an answer that may never come.
      // The stub again if a page script removed window.CelloAttribution: the call then times out.
      ;(async () => installCelloStub()(command, ...args))().then(resolve, reject)
    }).catch((cause: unknown) => {
      throw createCelloError(
        'command_failed',
        process.env.NODE_ENV !== 'production' ? `Cello's attribution script failed to answer "${command}"` : '',
        { cause },
      )
    })

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
export async function loadCelloAttribution(
  options: LoadCelloAttributionOptions = {},
): Promise<CelloAttributionApi | null> {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null
  await loadCelloScript(options)
  return createCelloAttributionApi(createCelloCaller(celloTimeout(options)))
}
