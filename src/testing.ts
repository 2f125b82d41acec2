// react-cello/testing: test doubles built from Cello's documented behaviour, for your tests,
// Storybook and local development. Never import this entry from production code.
export { fakeAttributionScript, fakeAttributionScriptUrl } from './testing/fakes/fakeAttributionScript'
export type {
  FakeAttributionScriptOptions,
  FakeAttributionScriptUrlOptions,
} from './testing/fakes/fakeAttributionScript'
export { fakeAttributionScriptHandler } from './testing/fakes/fakeAttributionScriptHandler'
export { resetCello } from './testing/resetCello'
export { createCelloEmulator } from './testing/emulator/createCelloEmulator'
export type {
  CelloEmulator,
  CelloEmulatorOptions,
  EmulatorRequest,
  EmulatorFault,
  ReceivedEvent,
  ReceivedMilestone,
  EmulatorRewardInput,
  RewardDelivery,
  RewardDeliverySwitches,
  RewardWebhookOptions,
  SentReward,
} from './testing/emulator/createCelloEmulator'
export type { EmulatorReferrer } from './testing/emulator/EmulatorReferrer'
export { fakeReferralScript, fakeReferralScriptUrl, fakeCelloReferral } from './testing/fakes/fakeReferralScript'
export type {
  FakeReferralScriptOptions,
  FakeReferralScriptUrlOptions,
  FakeReferralCall,
  FakeReferralControl,
} from './testing/fakes/fakeReferralScript'
export { fakeReferralScriptHandler } from './testing/fakes/fakeReferralScriptHandler'
