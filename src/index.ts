'use client'
// react-cello: the client entry. Server-only code lives in react-cello/server, test doubles in
// react-cello/testing; neither is reachable from here. Everything that works without React Query
// is in ./core (also its own entry, react-cello/core); what needs it is added here.
export * from './core'
export { ReferralLink } from './query/ReferralLink'
export type { ReferralLinkMessages, ReferralLinkProps } from './query/ReferralLink'
export { useActiveLink } from './query/useActiveLink'
export type { UseActiveLinkOptions, UseActiveLinkResult } from './query/useActiveLink'
export { useReferralCodeValidation } from './query/useReferralCodeValidation'
export type { ReferralCodeValidation } from './query/useReferralCodeValidation'
export { useReportSignup } from './query/useReportSignup'
export type { ReportSignupInput } from './query/useReportSignup'
export { celloKeys, activeLinkQueryOptions, referralCodeQueryOptions } from './query/celloQueries'
export type { CelloQueryOptions } from './query/celloQueries'
