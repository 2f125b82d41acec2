import { resetPageState } from '../runtime/pageState'

/**
 * Forgets everything react-cello captured or loaded in this page, as a new page load would: every
 * piece of its page-wide state (the referral captured from the URL, the loaded scripts' promises,
 * the Referral Component's session, the banners dismissed in memory, the cache of react-cello's
 * private QueryClient…), the scripts' `<script>` tags and Cello's `window` globals (and the fake
 * `cello.js`'s record and UI) and, with `{ cookies: true }`, the `cello-*` cookies on path `/`. For
 * tests and Storybook, where one page plays many visits.
 */
export function resetCello(options: { cookies?: boolean } = {}): void {
  resetPageState()
  if (typeof window === 'undefined') return
  // The tags CelloProvider injected carry data-cello, whatever their URL (a test's data: URL too).
  document.querySelectorAll('script[src*="cello-attribution"], script[data-cello]').forEach((tag) => tag.remove())
  delete window.CelloAttribution
  delete window.CelloAttributionCmd
  document.querySelectorAll('script[src*="cello.js"], [data-cello-fake]').forEach((node) => node.remove())
  delete window.cello
  delete window.Cello
  delete window.__celloReferralFake
  if (options.cookies) {
    for (const part of document.cookie.split(';')) {
      const name = (part.split('=')[0] ?? '').trim()
      if (name.startsWith('cello-')) document.cookie = `${name}=; Max-Age=0; Path=/`
    }
  }
}
