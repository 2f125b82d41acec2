'use client'
// react-cello/core: capture without React Query. The provider, useUcc, the new-user banner and the
// signup-form helpers, for apps that do not install @tanstack/react-query (an optional peer). The
// hooks that ask your backend with React Query (useActiveLink, ReferralLink,
// useReferralCodeValidation, useReportSignup) live in `react-cello`, which also exports all of this.
export { CelloProvider } from './core/CelloProvider'
export type { CelloProviderProps } from './runtime/CelloProviderProps'
export { useUcc } from './core/useUcc'
export type { UccSource, UccState, UccStatus } from './runtime/createCelloStore'
export { useCampaign } from './core/useCampaign'
export type { CampaignConfig } from './runtime/parseCampaignConfig'
export { NewUserBanner } from './core/NewUserBanner'
export type { NewUserBannerMessages, NewUserBannerProps, NewUserBannerState } from './core/NewUserBanner'
export type { DismissStorage } from './core/useDismissed'
export { CelloUccInput } from './core/CelloUccInput'
export type { CelloUccInputProps } from './core/CelloUccInput'
export { useAttachForm } from './core/useAttachForm'
export { createFetchBff } from './runtime/createFetchBff'
export type {
  ActiveLink,
  CelloBff,
  CelloBffCallOptions,
  FetchBffOptions,
  ReferralCodeInfo,
  SignupReport,
  SignupSkipReason,
} from './runtime/createFetchBff'
export { celloAttributionScriptUrl, loadCelloAttribution } from './runtime/loadCelloScript'
export type { LoadCelloAttributionOptions } from './runtime/loadCelloScript'
export type { CelloAttributionApi } from './runtime/createCelloAttributionApi'
export { CelloError, isCelloError } from './shared/CelloError'
export type { AnyCelloErrorCode, CelloErrorCode } from './shared/CelloError'
export { isValidUcc, REFERRAL_COOKIE } from './shared/referralCode'
export type { ReferralParamNames } from './shared/parseReferralParams'
export type { CelloConsent, CelloEnvironment, Referral } from './runtime/types'
