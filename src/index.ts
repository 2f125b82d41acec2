'use client'
// react-cello: the client entry. Server-only code lives in react-cello/server, test doubles in
// react-cello/testing; neither is reachable from here. Everything that works without React Query
// is in ./core (also its own entry, react-cello/core); what needs it is added here.
export * from './core'
export { ReferralLink } from './ReferralLink'
export type { ReferralLinkMessages, ReferralLinkProps } from './ReferralLink'
export { useActiveLink } from './useActiveLink'
export type { UseActiveLinkOptions, UseActiveLinkResult } from './useActiveLink'
export { useReferralCodeValidation } from './useReferralCodeValidation'
export type { ReferralCodeValidation } from './useReferralCodeValidation'
export { useReportSignup } from './useReportSignup'
export type { ReportSignupInput } from './useReportSignup'
export { celloKeys, activeLinkQueryOptions, referralCodeQueryOptions } from './celloQueries'
export type { CelloQueryOptions } from './celloQueries'
