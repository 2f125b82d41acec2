'use client'
// react-cello/devtools: the development panel and the diagnosis behind it. `CelloDevtools` is the
// panel in development builds and a component that renders nothing in any other (React Query
// Devtools' pattern): a bundler that replaces `process.env.NODE_ENV` drops the panel's code, so an
// app that renders it in production pays a few bytes. `diagnoseReferral` works in every build.
import type { ReactElement } from 'react'
import { CelloDevtoolsPanel, type CelloDevtoolsProps } from './devtools/CelloDevtoolsPanel'

/**
 * A corner button that opens Cello's development panel: why a referral on this page may not be
 * attributed (the findings of `diagnoseReferral`), the code and each source, the cookies, consent,
 * the attribution script, the campaign and banner, the forms' `ucc` fields, the BFF's routes and
 * the signed-in user's server trace. Renders nothing unless `process.env.NODE_ENV` is
 * `'development'`. Render it inside `CelloProvider` to see the campaign.
 *
 * @example
 * <CelloProvider>
 *   <App />
 *   <CelloDevtools />
 * </CelloProvider>
 */
export const CelloDevtools: (props: CelloDevtoolsProps) => ReactElement | null =
  process.env.NODE_ENV !== 'development' ? () => null : CelloDevtoolsPanel

export type { CelloDevtoolsProps } from './devtools/CelloDevtoolsPanel'
export { diagnoseReferral } from './devtools/diagnoseReferral'
export { readReferralPage } from './devtools/readReferralPage'
export { probeCelloBff } from './devtools/probeCelloBff'
export type { ProbeCelloBffOptions } from './devtools/probeCelloBff'
export type {
  BffProbe,
  CookieSnapshot,
  FindingId,
  FindingSeverity,
  FormSnapshot,
  ProviderSnapshot,
  ReferralFinding,
  ReferralPageSnapshot,
  ScriptSnapshot,
} from './devtools/types'
