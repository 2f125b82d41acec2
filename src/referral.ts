'use client'
// react-cello/referral: Cello's Referral Component (cello.js) for signed-in users. Its own entry so
// that landing pages and the client entry do not carry it; it shares the client's context and BFF
// modules (the same dist files), so CelloProvider's `bff` is the one it uses.
export { useCelloReferral } from './useCelloReferral'
export type { UseCelloReferralOptions, UseCelloReferralResult } from './useCelloReferral'
export { CelloReferralLauncher } from './CelloReferralLauncher'
export type { CelloReferralLauncherProps } from './CelloReferralLauncher'
export { celloReferralScriptUrl } from './loadCelloReferral'
export type { LoadCelloReferralOptions } from './loadCelloReferral'
export type { CelloReferralStatus } from './referralController'
export type {
  CelloActiveUcc,
  CelloBootOptions,
  CelloProductUserDetails,
  CelloReferralFunction,
  CelloReferralInstance,
  CelloReferralUser,
  CelloUserInteractionHandler,
} from './celloReferralTypes'
