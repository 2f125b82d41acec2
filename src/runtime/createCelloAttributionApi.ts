import { createCelloError } from '../shared/createCelloError'
import type { CelloCaller } from './types'
import { parseCampaignConfig, type CampaignConfig } from './parseCampaignConfig'
import { cleanReferrerName, isValidUcc } from '../shared/referralCode'

/**
 * A typed wrapper over Cello's command API (`window.CelloAttribution(command, ...args)`).
 * Every method answers with checked values: a code that fails validation comes back as `null`.
 * Every method rejects with `CelloError('command_failed')` when the script fails to answer.
 */
export interface CelloAttributionApi {
  /** The referral code the script knows (URL or its cookie), or `null`. */
  getUcc(): Promise<string | null>
  /** The referrer's name when the referral link carried one, or `null`. */
  getReferrerName(): Promise<string | null>
  /** The campaign's new-user offer, read loosely (see {@link CampaignConfig}), or `null`. */
  getCampaignConfig(): Promise<CampaignConfig | null>
  /** Asks the script to add its hidden `ucc` input to the given form(s). */
  attachTo(form: HTMLFormElement | readonly HTMLFormElement[]): Promise<void>
}

// One function per command, so that each hook bundles only the commands it uses (the provider
// checks getUcc and getReferrerName's answers itself, with the same rules).

/** `getUcc`, validated: a code that is not valid comes back as `null`. */
const getUcc = (call: CelloCaller): Promise<string | null> => call('getUcc').then((v) => (isValidUcc(v) ? v : null))

/** `getReferrerName`, cleaned for display (text only). */
const getReferrerName = (call: CelloCaller): Promise<string | null> => call('getReferrerName').then(cleanReferrerName)

/** `getCampaignConfig`, read loosely by `parseCampaignConfig`. */
export const getCampaignConfig = (call: CelloCaller): Promise<CampaignConfig | null> =>
  call('getCampaignConfig').then(parseCampaignConfig)

/** `attachTo`, after checking that it was given `<form>` elements. */
export function attachTo(call: CelloCaller, form: HTMLFormElement | readonly HTMLFormElement[]): Promise<void> {
  const forms = Array.isArray(form) ? form : [form]
  if (forms.length === 0 || !forms.every((f) => f instanceof HTMLFormElement)) {
    return Promise.reject(
      createCelloError(
        'invalid_argument',
        process.env.NODE_ENV !== 'production' ? 'attachTo() takes a <form> element or an array of them.' : '',
      ),
    )
  }
  return call('attachTo', Array.isArray(form) ? forms : form).then(() => undefined)
}

/** Builds the typed wrapper over a {@link CelloCaller}. */
export function createCelloAttributionApi(call: CelloCaller): CelloAttributionApi {
  return {
    getUcc: () => getUcc(call),
    getReferrerName: () => getReferrerName(call),
    getCampaignConfig: () => getCampaignConfig(call),
    attachTo: (form) => attachTo(call, form),
  }
}
