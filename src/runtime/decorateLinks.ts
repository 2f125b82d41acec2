// Link and form decoration: the referral code carried on the URL of a link or form the visitor
// follows, to another domain of yours (`crossDomains`) or, while consent is pending, to this
// page's own origin. Framework-free: the provider loads it with import() only when it is needed, and
// the capture script (src/capture/capture.ts) bundles it.
import type { ReferralParamNames } from '../shared/parseReferralParams'
import type { Referral } from '../shared/types'

/** What to carry (the referral link's parameters, see {@link referralParams}), and where, at the moment a link or form is followed. */
export interface Decoration {
  /** The parameters to add, the code's first. */
  params: [string, string][]
  /** Host names whose links and forms get it: each one and its subdomains. */
  domains: readonly string[]
  /** Also links and forms of this page's own origin (while consent is pending). */
  sameOrigin: boolean
}

/** True when `url` leads where `decoration` carries the code: a listed domain (or below one), or this origin when asked. */
export function leadsToListed(url: URL, { domains, sameOrigin }: Pick<Decoration, 'domains' | 'sameOrigin'>): boolean {
  if (!/^https?:$/.test(url.protocol)) return false
  if (url.origin === location.origin) return sameOrigin
  const host = url.hostname
  return domains.some((domain) => {
    const d = domain.toLowerCase().replace(/^\./, '')
    return host === d || host.endsWith(`.${d}`)
  })
}

/**
 * The parameters of a referral link for `referral`: the code, the referrer's name (base64 of its
 * UTF-8, as Cello's `celloN`) and the product id, under `names`.
 */
export function referralParams({ ucc, referrerName, productId }: Referral, names: ReferralParamNames = {}) {
  const params: [string, string][] = [[names.ucc ?? 'ucc', ucc]]
  // The UTF-8 bytes as a binary string (Annex B unescape, as decodeReferrerName uses escape), then base64.
  if (referrerName) params.push([names.referrerName ?? 'celloN', btoa(unescape(encodeURIComponent(referrerName)))])
  if (productId) params.push([names.productId ?? 'productId', productId])
  return params
}

/** `url` with `params` added, unless it already carries the code (the first parameter's name): it is then left alone. */
export function withReferral(url: URL, params: [string, string][]): string {
  if (!url.searchParams.has(params[0]?.[0] ?? '')) for (const [name, value] of params) url.searchParams.set(name, value)
  return url.href
}

/**
 * Decorates, when they are followed, links (`<a href>`, `<area href>`) and forms leading where
 * `current()` says (see {@link Decoration}; `null`: nothing to carry now). A link's `href` gets the
 * referral link parameters at mousedown, click or middle click, before the browser reads it; a
 * submitted form gets them as fields (an empty field of that name is filled, else a hidden one
 * added: a GET form replaces its action's query with its fields), and a POST form in its `action`
 * as well, for a server that captures from the URL. Any submitted form's empty `ucc` field is filled.
 * Returns what removes the listeners.
 */
export function decorateLinks(current: () => Decoration | null): () => void {
  const decorate = (event: Event) => {
    const decoration = current()
    const target = event.target
    if (!decoration || !(target instanceof Element)) return
    const { params } = decoration
    if (target instanceof HTMLFormElement) {
      const listed = leadsToListed(new URL(target.action, location.href), decoration)
      for (const [name, value] of params) {
        let field = target.elements.namedItem(name)
        if (!(field instanceof HTMLInputElement) && listed) {
          field = target.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name }))
        }
        if (field instanceof HTMLInputElement && !field.value) field.value = value
      }
      if (listed && target.method !== 'get') {
        target.action = withReferral(new URL(target.action, location.href), params)
      }
      return
    }
    const link = target.closest('a[href],area[href]')
    if (
      (link instanceof HTMLAnchorElement || link instanceof HTMLAreaElement) &&
      leadsToListed(new URL(link.href), decoration)
    ) {
      link.href = withReferral(new URL(link.href), params)
    }
  }
  const events = ['mousedown', 'click', 'auxclick', 'submit']
  for (const type of events) document.addEventListener(type, decorate, true)
  return () => {
    for (const type of events) document.removeEventListener(type, decorate, true)
  }
}
