'use client'
// react-cello/core: capture without React Query. The provider, useUcc, the new-user banner and the
// signup-form helpers, for apps that do not install @tanstack/react-query (an optional peer). The
// hooks that ask your backend with React Query (useActiveLink, ReferralLink,
// useReferralCodeValidation, useReportSignup) live in `react-cello`, which also exports all of this.
export { CelloProvider } from './CelloProvider'
export type { CelloProviderProps } from './CelloProviderProps'
export { useUcc } from './useUcc'
export type { UccSource, UccState, UccStatus } from './createCelloStore'
export { useCampaign } from './useCampaign'
export type { CampaignConfig } from './parseCampaignConfig'
export { NewUserBanner } from './NewUserBanner'
export type { NewUserBannerMessages, NewUserBannerProps, NewUserBannerState } from './NewUserBanner'
export type { DismissStorage } from './useDismissed'
export { CelloUccInput } from './CelloUccInput'
export type { CelloUccInputProps } from './CelloUccInput'
export { useAttachForm } from './useAttachForm'
export { createFetchBff } from './createFetchBff'
export type {
  ActiveLink,
  CelloBff,
  CelloBffCallOptions,
  FetchBffOptions,
  ReferralCodeInfo,
  SignupReport,
  SignupSkipReason,
} from './createFetchBff'
export { celloAttributionScriptUrl, loadCelloAttribution } from './loadCelloScript'
export type { LoadCelloAttributionOptions } from './loadCelloScript'
export type { CelloAttributionApi } from './createCelloAttributionApi'
export { CelloError, isCelloError } from './shared/CelloError'
export type { AnyCelloErrorCode, CelloErrorCode } from './shared/CelloError'
export { isValidUcc, REFERRAL_COOKIE } from './shared/referralCode'
export type { ReferralParamNames } from './shared/parseReferralParams'
export type { CelloConsent, CelloEnvironment, Referral } from './types'
