'use client'
// react-cello/referral: Cello's Referral Component (cello.js) for signed-in users. Its own entry so
// that landing pages and the client entry do not carry it; it shares the client's context and BFF
// modules (the same dist files), so CelloProvider's `bff` is the one it uses.
export { useCelloReferral } from './referral/useCelloReferral'
export type { UseCelloReferralOptions, UseCelloReferralResult } from './referral/useCelloReferral'
export { CelloReferralLauncher } from './referral/CelloReferralLauncher'
export type { CelloReferralLauncherProps } from './referral/CelloReferralLauncher'
export { celloReferralScriptUrl } from './runtime/referral/loadCelloReferral'
export type { LoadCelloReferralOptions } from './runtime/referral/loadCelloReferral'
export type { CelloReferralStatus } from './runtime/referral/referralController'
export type {
  CelloActiveUcc,
  CelloBootOptions,
  CelloProductUserDetails,
  CelloReferralFunction,
  CelloReferralInstance,
  CelloReferralUser,
  CelloUserInteractionHandler,
} from './runtime/referral/celloReferralTypes'
