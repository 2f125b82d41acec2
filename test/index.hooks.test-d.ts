// The public hooks' and query options' types, as an app sees them.
import { useQuery, type QueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import {
  activeLinkQueryOptions,
  referralCodeQueryOptions,
  useActiveLink,
  useCampaign,
  useReferralCodeValidation,
  useReportSignup,
  useUcc,
  type ActiveLink,
  type CampaignConfig,
  type CelloBff,
  type CelloError,
  type CelloQueryOptions,
  type ReferralCodeInfo,
  type ReferralCodeValidation,
  type ReportSignupInput,
  type SignupReport,
  type UccState,
} from '../src/index'

declare const bff: CelloBff
declare const queryClient: QueryClient

describe('hooks', () => {
  it('useUcc answers the capture state, or what its selector picks', () => {
    expectTypeOf(useUcc()).toEqualTypeOf<UccState>()
    expectTypeOf(useUcc((state) => state.ucc)).toEqualTypeOf<string | null>()
    expectTypeOf(useUcc((state) => state.status === 'ready')).toEqualTypeOf<boolean>()
  })

  it('useActiveLink is a query of the link (null when nobody is signed in) that fails with a CelloError', () => {
    const result = useActiveLink()
    expectTypeOf(result).toExtend<UseQueryResult<ActiveLink | null, CelloError>>()
    expectTypeOf(result.data).toEqualTypeOf<ActiveLink | null | undefined>()
    expectTypeOf(result.error).toEqualTypeOf<CelloError | null>()
  })

  it('useReportSignup is a mutation taking an optional { ucc }', () => {
    expectTypeOf(useReportSignup).returns.toEqualTypeOf<
      UseMutationResult<SignupReport, CelloError, ReportSignupInput | void>
    >()
    const report = useReportSignup()
    expectTypeOf(report.mutate).toBeCallableWith()
    expectTypeOf(report.mutate).toBeCallableWith({ ucc: 'pNRB1aYqArN' })
  })

  it('useReferralCodeValidation answers a status, the code and a CelloError or null', () => {
    expectTypeOf(useReferralCodeValidation).returns.toEqualTypeOf<ReferralCodeValidation>()
    expectTypeOf<ReferralCodeValidation['status']>().toEqualTypeOf<
      'idle' | 'invalid_format' | 'checking' | 'valid' | 'invalid' | 'error'
    >()
    expectTypeOf<ReferralCodeValidation['error']>().toEqualTypeOf<CelloError | null>()
  })

  it('useCampaign answers the campaign or null', () => {
    expectTypeOf(useCampaign).returns.toEqualTypeOf<CampaignConfig | null>()
  })
})

describe('query options', () => {
  it('type the data and the CelloError of each query, down to getQueryData', () => {
    const link = activeLinkQueryOptions(bff, 'user-1')
    expectTypeOf(link).toEqualTypeOf<CelloQueryOptions<ActiveLink | null>>()
    expectTypeOf(queryClient.getQueryData(link.queryKey)).toEqualTypeOf<ActiveLink | null | undefined>()
    const code = referralCodeQueryOptions(bff, 'pNRB1aYqArN')
    expectTypeOf(code).toEqualTypeOf<CelloQueryOptions<ReferralCodeInfo>>()
    expectTypeOf(queryClient.getQueryData(code.queryKey)).toEqualTypeOf<ReferralCodeInfo | undefined>()
    expectTypeOf(useQuery(code).error).toEqualTypeOf<CelloError | null>()
  })
})
