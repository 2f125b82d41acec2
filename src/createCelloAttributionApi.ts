import { CelloError } from './CelloError'
import { parseCampaignConfig, type CampaignConfig } from './parseCampaignConfig'
import { cleanReferrerName, isValidUcc } from './referralCode'

/**
 * A typed wrapper over Cello's command API (`window.CelloAttribution(command, ...args)`).
 * Every method answers with checked values: a code that fails validation comes back as `null`.
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

/**
 * Builds the wrapper. Each call goes through `window.CelloAttribution` at call time (the queue
 * stub before the script has loaded, the script's own function after), and rejects with a
 * `CelloError('command_failed')` when the script throws, rejects or does not answer in
 * `timeoutMs`.
 */
export function createCelloAttributionApi(win: Window, timeoutMs: number): CelloAttributionApi {
  const call = (command: string, ...args: unknown[]): Promise<unknown> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const answer = new Promise<unknown>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer after ${timeoutMs} ms`)), timeoutMs)
      Promise.resolve()
        .then(() => {
          const fn = win.CelloAttribution
          if (typeof fn !== 'function') throw new Error('window.CelloAttribution is not defined')
          return fn(command, ...args)
        })
        .then(resolve, reject)
    })
    return answer.then(
      (value) => {
        clearTimeout(timer)
        return value
      },
      (cause: unknown) => {
        clearTimeout(timer)
        throw new CelloError('command_failed', `Cello's attribution script failed to answer "${command}".`, {
          cause,
        })
      },
    )
  }
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
