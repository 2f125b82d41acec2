// Its own module so the emulator's parts (routes, persistence) need not import createCelloEmulator.
/** A referrer the emulator knows: their code, campaign and name. */
export interface EmulatorReferrer {
  productUserId: string
  ucc: string
  campaignId?: string
  name?: string
}
