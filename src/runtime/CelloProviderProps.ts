import type { QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { CelloError } from '../shared/CelloError'
import type { CelloBff } from './createFetchBff'
import type { LoadCelloAttributionOptions } from './loadCelloScript'
import type { ReferralParamNames } from '../shared/parseReferralParams'
import type { CelloConsent, Referral } from './types'

/** Props of `CelloProvider`; its runtime (createCelloStore) reads them too. */
export interface CelloProviderProps extends LoadCelloAttributionOptions {
  children?: ReactNode
  /**
   * With `'pending'` or `'denied'` no script is loaded and no cookie is written; the code captured
   * from the URL still serves the current page. `'granted'` loads the script and persists the
   * code; `'denied'` also deletes the `cello-*` cookies.
   * @defaultValue 'granted'
   */
  consent?: CelloConsent
  /** A referral read on the server (see `readReferral` in `react-cello/server`), so that server and client render the same. */
  initialReferral?: Referral | null
  /**
   * The QueryClient of the package's queries (`useActiveLink`, `useReferralCodeValidation`,
   * `useReportSignup`). The provider never puts a QueryClient in your tree.
   * @defaultValue the app's QueryClient above, else one private to react-cello
   */
  queryClient?: QueryClient
  /** Called with every `CelloError` the provider meets (script blocked, timed out, failed; a bad `cookieDomain`). */
  onError?: (error: CelloError) => void
  /** Log what the provider does to the console, prefixed `[react-cello]`. @defaultValue false */
  debug?: boolean
  /** Domain of the `cello-referral` cookie, e.g. `.example.com`. @defaultValue the current host only */
  cookieDomain?: string
  /**
   * How the hooks reach your server for everything that needs Cello's secret keys.
   * @defaultValue createFetchBff() — the routes of `createCelloHandler` under `/api/cello`
   */
  bff?: CelloBff
  /** Query parameter names of referral links. @defaultValue `{ ucc: 'ucc', productId: 'productId', referrerName: 'celloN' }` */
  paramNames?: ReferralParamNames
}
