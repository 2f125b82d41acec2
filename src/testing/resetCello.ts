import { forgetPageReferral } from '../runtime/createCelloStore'
import { forgetCelloAttribution } from '../runtime/loadCelloScript'
import { forgetCelloReferralScript } from '../runtime/referral/loadCelloReferral'
import { forgetReferralController } from '../runtime/referral/referralController'
import { privateQueryClient } from '../runtime/privateQueryClient'

/**
 * Forgets everything react-cello captured or loaded in this page, as a new page load would: the
 * referral captured from the URL, the loaded scripts (their promises, their `<script>` tags, Cello's
 * `window` globals, the Referral Component's session and the fake `cello.js`'s record and UI), the cache of react-cello's private QueryClient and, with
 * `{ cookies: true }`, the `cello-*` cookies on path `/`. For tests and Storybook, where one page
 * plays many visits.
 */
export function resetCello(options: { cookies?: boolean } = {}): void {
  forgetPageReferral()
  forgetCelloAttribution()
  forgetCelloReferralScript()
  forgetReferralController()
  privateQueryClient.current?.clear()
  if (typeof window === 'undefined') return
  document.querySelectorAll('script[src*="cello-attribution"]').forEach((tag) => tag.remove())
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
