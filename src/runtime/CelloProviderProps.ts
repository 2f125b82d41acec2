import type { QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { CelloError } from '../shared/CelloError'
import type { CelloBff } from './createFetchBff'
import type { LoadCelloAttributionOptions } from './loadCelloScript'
import type { ReferralParamNames } from '../shared/parseReferralParams'
import type { CelloConsent, Referral } from './types'

/**
 * Props of `CelloProvider`; its runtime (createCelloStore) reads them too. Each prop says when it is
 * read:
 * - **on change**: a new value takes effect at once (the script settings and `consent` start the
 *   provider's work again, without ever removing a loaded script);
 * - **every render**: the latest value is used each time it is needed (callbacks need no `useCallback`).
 *
 * No prop is read only once at mount, except what the first render already used: the server
 * snapshot (what hydration matches) is always the first render's `initialReferral`.
 */
export interface CelloProviderProps extends LoadCelloAttributionOptions {
  /** Read every render. */
  children?: ReactNode
  /**
   * With `'pending'` or `'denied'` no script is loaded and no cookie is written; the code captured
   * from the URL still serves the current page, and while `'pending'` it is carried on links and
   * forms to this page's own origin, so a full page load to your signup page keeps it. `'granted'` loads the script and persists the
   * code; `'denied'` also deletes the `cello-*` cookies. Read on change: the provider starts again
   * under the new consent.
   * @defaultValue 'granted'
   */
  consent?: CelloConsent
  /**
   * A referral read on the server (see `readReferral` in `react-cello/server`), so that server and
   * client render the same. Read on change: a new one (a client-side navigation in Next.js renders
   * your layout again with the cookie it reads now) takes its place in `useUcc()` after the render
   * that brings it, below a code in the URL. Hydration always matches the first one.
   */
  initialReferral?: Referral | null
  /**
   * The QueryClient of the package's queries (`useActiveLink`, `useReferralCodeValidation`,
   * `useReportSignup`). The provider never puts a QueryClient in your tree. Read on change.
   * @defaultValue the app's QueryClient above, else one private to react-cello
   */
  queryClient?: QueryClient
  /**
   * Called with every `CelloError` the provider meets (script blocked, timed out, failed; a bad
   * `cookieDomain`). Read every render: the latest function is called.
   */
  onError?: (error: CelloError) => void
  /** Log what the provider does to the console, prefixed `[react-cello]`. Read every render. @defaultValue false */
  debug?: boolean
  /**
   * Domain of the `cello-referral` cookie, e.g. `.example.com`, or `'auto'`: the widest domain the
   * browser accepts for the current host (`example.com` on `www.example.com`), so that a code
   * captured on the marketing site is read on `app.`. Turn it on when the landing pages and the app
   * are subdomains of one domain (see docs/domains.md). Read on change: the cookie is written again
   * for the new domain.
   * @defaultValue the current host only
   */
  cookieDomain?: 'auto' | (string & {})
  /**
   * Other domains your referral links' visitors go on to (`['app.example.io']`): links (`<a href>`)
   * and forms (`action`) leading to one of them, or to a subdomain of one, get the code and the
   * referrer's name as referral link parameters (see `paramNames`) when they are followed, so that
   * the provider or `captureReferral` there reads them as it reads a referral link. Nothing is added
   * to links to any other domain, nor while consent is `'denied'`. Read on change.
   * @defaultValue none
   */
  crossDomains?: readonly string[]
  /**
   * How the hooks reach your server for everything that needs Cello's secret keys. Read on change.
   * @defaultValue createFetchBff() — the routes of `createCelloHandler` under `/api/cello`
   */
  bff?: CelloBff
  /**
   * Query parameter names of referral links. Read every render, at each capture (the first render
   * and every client-side navigation).
   * @defaultValue `{ ucc: 'ucc', productId: 'productId', referrerName: 'celloN' }`
   */
  paramNames?: ReferralParamNames
  /**
   * Which of Cello's CDNs to load the script from. Read on change, but the script loads once per
   * page: a second URL is ignored (with a warning in development) until the page reloads.
   * @defaultValue 'production'
   */
  environment?: LoadCelloAttributionOptions['environment']
  /** Load the script from this URL instead (a proxy, a self-hosted copy, a test double). Read on change, as `environment`. */
  scriptSrc?: string
  /** CSP nonce put on the `<script>` tag. Read on change, used by the one tag the page gets. */
  nonce?: string
  /** Milliseconds to wait for the script (and later for each command). Read on change. @defaultValue 10000 */
  timeoutMs?: number
}
