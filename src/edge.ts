// react-cello/edge: the small, edge-safe part both sides use, for Edge middleware (Next.js
// proxy.ts / middleware.ts) and Server Components. No React, no zod, no jose, no Node built-ins;
// react-cello/server re-exports all of it.
export { CelloError, isCelloError } from './shared/CelloError'
export type { AnyCelloErrorCode, CelloErrorCode } from './shared/CelloError'
export { isValidUcc, REFERRAL_COOKIE } from './shared/referralCode'
export { REFERRER_COOKIE } from './shared/referralCookie'
export type { ReferralCookieOptions } from './shared/referralCookie'
export type { ReferralParamNames } from './shared/parseReferralParams'
export type { CelloConsent, Referral } from './shared/types'
export { captureReferral, readReferral } from './edge/captureReferral'
export type { CaptureReferralOptions, CapturedReferral, RequestLike } from './edge/captureReferral'
export { captureReferralForNext, referralProxy } from './edge/captureReferralForNext'
export type { NextCapturedReferral, NextResponseLike } from './edge/captureReferralForNext'
