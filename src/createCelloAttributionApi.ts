import { CelloError } from './CelloError'
import type { CelloCall } from './createCelloCall'
import { parseCampaignConfig, type CampaignConfig } from './parseCampaignConfig'
import { cleanReferrerName, isValidUcc } from './referralCode'

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

/** Builds the typed wrapper over a {@link CelloCall}. */
export function createCelloAttributionApi(call: CelloCall): CelloAttributionApi {
  return {
    getUcc: () => call('getUcc').then((v) => (isValidUcc(v) ? v : null)),
    getReferrerName: () => call('getReferrerName').then(cleanReferrerName),
    getCampaignConfig: () => call('getCampaignConfig').then(parseCampaignConfig),
    attachTo: (form) => {
      const forms = Array.isArray(form) ? form : [form]
      if (forms.length === 0 || !forms.every((f) => f instanceof HTMLFormElement)) {
        return Promise.reject(
          new CelloError('invalid_argument', 'attachTo() takes a <form> element or an array of them.'),
        )
      }
      return call('attachTo', Array.isArray(form) ? forms : form).then(() => undefined)
    },
  }
}
