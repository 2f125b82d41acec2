import { startedStores } from '../runtime/createCelloStore'
import { celloAttributionScriptUrl } from '../runtime/loadCelloScript'
import type { CookieSnapshot, FormSnapshot, ProviderSnapshot, ReferralPageSnapshot, ScriptSnapshot } from './types'

/** Which of Cello's CDNs serves `src` (https://docs.cello.so/sdk/client-side/embedded-script-tag). */
function scriptEnvironment(src: string): ScriptSnapshot['environment'] {
  const host = new URL(src, location.href).hostname
  return host === 'assets.cello.so' ? 'production' : host === 'assets.sandbox.cello.so' ? 'sandbox' : 'custom'
}

/** The mounted providers, or `null` in a production build (the stores register in development only). */
function readProviders(): ProviderSnapshot[] | null {
  if (process.env.NODE_ENV === 'production') return null
  return [...startedStores.values()].map((inspect) => {
    const { props, sources, state } = inspect()
    return {
      consent: props.consent ?? 'granted',
      cookieDomain: props.cookieDomain,
      scriptUrl: new URL(celloAttributionScriptUrl(props), location.href).href,
      uccParam: props.paramNames?.ucc ?? 'ucc',
      state,
      sources,
    }
  })
}

// The resource timings of Cello's scripts, kept from the moment watchScriptTimings runs: in
// development a page fills the browser's buffer (250 entries) with its own modules before the
// script arrives, and later entries are only seen by an observer.
const timings = new Map<string, PerformanceEntry>()
let watching = false

/** Starts keeping the resource timings of scripts whose URL mentions `cello` (browser only, once). */
export function watchScriptTimings(): void {
  if (watching || typeof PerformanceObserver === 'undefined') return
  watching = true
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name.includes('cello')) timings.set(entry.name, entry)
  }).observe({ type: 'resource', buffered: true })
}

/** Cello's attribution scripts: the tags on the page, and the URLs providers tried (a failed tag is removed). */
function readScripts(providers: ProviderSnapshot[] | null): ScriptSnapshot[] {
  const tags = [...document.scripts].filter((tag) => tag.src.includes('cello-attribution') || 'cello' in tag.dataset)
  const urls = new Set([...tags.map((tag) => tag.src), ...(providers ?? []).map((p) => p.scriptUrl)])
  return [...urls].map((src) => {
    const timing = [timings.get(src), ...performance.getEntriesByName(src)].find(
      (e) => e instanceof PerformanceResourceTiming,
    )
    return {
      src,
      environment: scriptEnvironment(src),
      onPage: tags.some((tag) => tag.src === src),
      loadMs: timing ? Math.round(timing.duration) : null,
      httpStatus: timing && 'responseStatus' in timing && timing.responseStatus ? Number(timing.responseStatus) : null,
    }
  })
}

const SIGNUP = /sign.?up|register|join|create.?account/i

/** The page's forms, their `ucc` field, and whether each looks like a signup form. */
function readForms(): FormSnapshot[] {
  return [...document.forms].map((form, i) => {
    const field = form.querySelector<HTMLInputElement>('input[name="ucc"]')
    const labelledBy = form.getAttribute('aria-labelledby')
    const named =
      form.getAttribute('aria-label') ??
      (labelledBy && document.getElementById(labelledBy)?.textContent) ??
      (form.id || form.getAttribute('name') || form.getAttribute('action'))
    const label = named || `form ${i + 1}`
    return {
      label,
      action: form.action,
      signup:
        !!field ||
        !!form.querySelector('input[type="email"], input[type="password"]') ||
        SIGNUP.test(`${label} ${form.getAttribute('action') ?? ''}`),
      ucc: field ? field.value : null,
    }
  })
}

/** Cello's cookies as `document.cookie` shows them (name and value only). */
function readCookies(cookie: string): CookieSnapshot[] {
  return cookie
    .split(/;\s*/)
    .map((part) => ({ name: part.slice(0, part.indexOf('=')), value: part.slice(part.indexOf('=') + 1) }))
    .filter(({ name }) => name.startsWith('cello-'))
}

/**
 * What the page shows now, for {@link diagnoseReferral}: the URL, Cello's cookies, the mounted
 * providers (development builds), the attribution script tags and the forms. Browser only.
 */
export function readReferralPage(): ReferralPageSnapshot {
  const providers = readProviders()
  return {
    location: { href: location.href, hostname: location.hostname, search: location.search },
    cookie: document.cookie,
    cookies: readCookies(document.cookie),
    referrer: document.referrer,
    providers,
    scripts: readScripts(providers),
    forms: readForms(),
  }
}

interface CookieStoreItem {
  name?: string
  value?: string
  domain?: string | null
  path?: string
  expires?: number | null
}

/**
 * Cello's cookies with their domain, path and expiry, where the browser has the Cookie Store API
 * (Chromium); `null` elsewhere, where only names and values are known.
 */
export async function readCookieDetails(): Promise<CookieSnapshot[] | null> {
  const store: unknown = Reflect.get(window, 'cookieStore')
  const getAll: unknown = store && Reflect.get(store, 'getAll')
  if (typeof getAll !== 'function') return null
  const items: unknown = await Reflect.apply(getAll, store, [])
  if (!Array.isArray(items)) return null
  return items
    .filter((item: CookieStoreItem) => typeof item.name === 'string' && item.name.startsWith('cello-'))
    .map(({ name = '', value = '', domain, path, expires }: CookieStoreItem) => ({
      name,
      value,
      domain,
      path,
      expires,
    }))
}
