import { useEffect, useSyncExternalStore } from 'react'
import { useCelloContext } from './CelloContext'
import type { CelloCall } from './createCelloCall'
import { getCampaignConfig } from './createCelloAttributionApi'
import type { CampaignConfig } from './parseCampaignConfig'

// One request per loaded script, however many components ask.
const requested = new WeakSet<CelloCall>()

/**
 * The campaign's new-user offer from Cello's script (`getCampaignConfig`), or `null` until the
 * script has answered, and when it is blocked, failed to answer or consent is not granted. The
 * script is asked once, when the first component using this hook (such as `NewUserBanner`) mounts.
 */
export function useCampaign(): CampaignConfig | null {
  const { store } = useCelloContext('useCampaign()')
  const call = useSyncExternalStore(store.subscribe, () => store.data().call, () => null)
  useEffect(() => {
    if (!call || requested.has(call)) return
    requested.add(call)
    getCampaignConfig(call).then(
      (campaign) => store.data().call === call && store.update({ campaign }),
      () => {}, // the banner shows its title without the offer
    )
  }, [store, call])
  return useSyncExternalStore(store.subscribe, () => store.data().campaign, () => null)
}
