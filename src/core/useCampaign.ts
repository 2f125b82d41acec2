import { useEffect, useReducer } from 'react'
import { useCelloCaller } from './useCelloCaller'
import { getCampaignConfig } from '../runtime/createCelloAttributionApi'
import type { CelloCaller } from '../runtime/types'
import type { CampaignConfig } from '../runtime/parseCampaignConfig'

// One request per loaded script, however many components ask, and its answer kept beside it so
// that a component mounting later has the offer on its first render.
const requests = new WeakMap<CelloCaller, Promise<unknown>>()
const answers = new WeakMap<CelloCaller, CampaignConfig | null>()

/**
 * The campaign's new-user offer from Cello's script (`getCampaignConfig`), or `null` until the
 * script has answered, and when it is blocked, failed to answer or consent is not granted. The
 * script is asked once, when the first component using this hook (such as `NewUserBanner`) mounts.
 */
export function useCampaign(): CampaignConfig | null {
  // Data flows one way: the provider's store hands out the caller of a ready script; this hook asks
  // it and keeps the answer itself.
  const call = useCelloCaller('useCampaign()')
  const [, answered] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    if (!call) return
    let request = requests.get(call)
    if (!request) {
      request = getCampaignConfig(call).then(
        (campaign) => answers.set(call, campaign),
        () => {}, // the banner shows its title without the offer
      )
      requests.set(call, request)
    }
    // A render after unmounting is a no-op in React 18 and later.
    void request.then(answered)
  }, [call])
  return (call && answers.get(call)) ?? null
}
