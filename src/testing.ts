// react-cello/testing: test doubles built from Cello's documented behaviour, for your tests,
// Storybook and local development. Never import this entry from production code.
export { fakeAttributionScript, fakeAttributionScriptUrl } from './testing/fakeAttributionScript'
export type { FakeAttributionScriptOptions, FakeAttributionScriptUrlOptions } from './testing/fakeAttributionScript'
export { fakeAttributionScriptHandler } from './testing/fakeAttributionScriptHandler'
export { resetCello } from './testing/resetCello'
export { createCelloEmulator } from './testing/createCelloEmulator'
export type {
  CelloEmulator,
  CelloEmulatorOptions,
  EmulatorRequest,
  EmulatorFault,
  ReceivedEvent,
} from './testing/createCelloEmulator'
export type { EmulatorReferrer } from './testing/EmulatorReferrer'
export { fakeReferralScript, fakeReferralScriptUrl, fakeCelloReferral } from './testing/fakeReferralScript'
export type {
  FakeReferralScriptOptions,
  FakeReferralScriptUrlOptions,
  FakeReferralCall,
  FakeReferralControl,
} from './testing/fakeReferralScript'
export { fakeReferralScriptHandler } from './testing/fakeReferralScriptHandler'
