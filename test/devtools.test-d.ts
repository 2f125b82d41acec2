// react-cello/devtools's public types, as an app sees them.
import type { ReactElement } from 'react'
import { describe, expectTypeOf, it } from 'vitest'
import {
  CelloDevtools,
  diagnoseReferral,
  probeCelloBff,
  readReferralPage,
  type BffProbe,
  type CelloDevtoolsProps,
  type FindingId,
  type FindingSeverity,
  type ReferralFinding,
  type ReferralPageSnapshot,
} from '../src/devtools'

describe('react-cello/devtools', () => {
  it('diagnoseReferral answers findings as data, from the page or a snapshot', () => {
    expectTypeOf(diagnoseReferral()).toEqualTypeOf<ReferralFinding[]>()
    expectTypeOf(diagnoseReferral).parameter(0).toEqualTypeOf<Partial<ReferralPageSnapshot> | undefined>()
    expectTypeOf<ReferralFinding>().toEqualTypeOf<{
      id: FindingId
      severity: FindingSeverity
      message: string
      fix: string
    }>()
    expectTypeOf<FindingSeverity>().toEqualTypeOf<'error' | 'warn' | 'info'>()
    expectTypeOf<'sandbox_script_on_production_host'>().toExtend<FindingId>()
    // @ts-expect-error -- not a finding
    diagnoseReferral({ providers: [{ consent: 'maybe' }] })
  })

  it('probeCelloBff and readReferralPage feed it', () => {
    expectTypeOf(probeCelloBff()).resolves.toEqualTypeOf<BffProbe>()
    expectTypeOf(readReferralPage()).toEqualTypeOf<ReferralPageSnapshot>()
    expectTypeOf<BffProbe['status']>().toEqualTypeOf<'mounted' | 'not_found' | 'unreachable'>()
    void probeCelloBff({ baseUrl: '/api/referrals' })
    // @ts-expect-error -- the option is baseUrl, as createFetchBff's
    void probeCelloBff({ basePath: '/api/referrals' })
  })

  it('CelloDevtools is a component that may render nothing', () => {
    expectTypeOf(CelloDevtools).toEqualTypeOf<(props: CelloDevtoolsProps) => ReactElement | null>()
    expectTypeOf<CelloDevtoolsProps['position']>().toEqualTypeOf<
      'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | undefined
    >()
    CelloDevtools({ bffBaseUrl: '/api/cello', signupUrl: 'https://app.example.com/signup', initialIsOpen: true })
    // @ts-expect-error -- a corner, not a side
    CelloDevtools({ position: 'left' })
  })
})
