// The capture script for pages that are not React (a Webflow or Framer marketing site):
// dist/capture.js, `react-cello/capture.js`, built by scripts/build-capture.mjs as one classic
// script of at most 1.5 KB gzip. Serve it from your own domain (an ad blocker's third-party rules do
// not apply then) and put it on every landing page:
//
//   <script src="/capture.js" data-cookie-domain="auto" data-cross-domains="app.example.io"></script>
//
// It does what CelloProvider does on a page, with the same modules: reads the referral link's
// parameters (`ucc`, `celloN`, `productId`), writes the `cello-referral` cookie as the provider does
// (`data-cookie-domain`, `'auto'` included), decorates links and forms to `data-cross-domains` (and
// to this origin while consent is pending) and fills a submitted form's empty `ucc` field.
// `data-consent` ('granted' by default, 'pending', 'denied') and `window.celloCaptureConsent(...)`
// play the provider's `consent` prop.
import { autoCookieDomain } from '../runtime/autoCookieDomain'
import { decorateLinks } from '../runtime/decorateLinks'
import { isValidUcc, readCookie, REFERRAL_COOKIE } from '../shared/referralCode'
import type { CelloConsent } from '../shared/types'

declare global {
  interface Window {
    /** Tells the capture script (react-cello/capture.js) the visitor's consent, as `CelloProvider`'s `consent` prop. */
    celloCaptureConsent?: (consent: CelloConsent) => void
  }
}

const asConsent = (value: string | undefined): CelloConsent =>
  value === 'pending' || value === 'denied' ? value : 'granted'
const data = document.currentScript?.dataset ?? {}
let consent = asConsent(data.consent)
const domains = (data.crossDomains ?? '').split(/[\s,]+/).filter(Boolean)
const cookieCode = () => {
  const ucc = readCookie(document.cookie, REFERRAL_COOKIE)
  return isValidUcc(ucc) ? ucc : null
}
// The referral link's parameters: the code when valid, and the name and product id carried on as
// they came (the other side checks them, as it checks any referral link).
const query = new URLSearchParams(location.search)
const urlCode = query.get('ucc')
const fromUrl = isValidUcc(urlCode) ? urlCode : null
const code = fromUrl ?? cookieCode()
const params = ['ucc', 'celloN', 'productId'].flatMap((name): [string, string][] => {
  const value = name === 'ucc' ? code : fromUrl && query.get(name)
  return value ? [[name, value]] : []
})

// The cookie as the provider writes it (serializeCookie's attributes), once consent is granted; a
// cookie that already holds the code is left alone (a server-set one outlives a script-set one).
const persist = () => {
  if (consent !== 'granted' || !fromUrl || cookieCode() === fromUrl) return
  const domain = data.cookieDomain === 'auto' ? autoCookieDomain() : data.cookieDomain
  document.cookie = `${REFERRAL_COOKIE}=${fromUrl}; Max-Age=7776000; Path=/; SameSite=Lax${
    domain && /^[\w.-]+$/.test(domain) ? `; Domain=${domain}` : ''
  }${location.protocol === 'https:' ? '; Secure' : ''}`
}

persist()
decorateLinks(() => (code && consent !== 'denied' ? { params, domains, sameOrigin: consent === 'pending' } : null))
window.celloCaptureConsent = (next) => {
  consent = asConsent(next)
  persist()
  // Denied: the code's cookies go, host-only and on each parent domain (where 'auto' wrote them).
  const labels = location.hostname.split('.')
  if (consent === 'denied')
    for (const name of [REFERRAL_COOKIE, 'cello-referrer'])
      for (const domain of ['', ...labels.map((_, i) => `; Domain=${labels.slice(i).join('.')}`)])
        document.cookie = `${name}=; Max-Age=0; Path=/${domain}`
}
