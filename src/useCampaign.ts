import { useSyncExternalStore } from 'react'
import { useCelloContext } from './CelloContext'
import type { CampaignConfig } from './parseCampaignConfig'

/**
 * The campaign's new-user offer from Cello's script (`getCampaignConfig`), or `null` until the
 * script has answered, and when it is blocked or consent is not granted.
 */
export function useCampaign(): CampaignConfig | null {
  const { store } = useCelloContext('useCampaign()')
  return useSyncExternalStore(
    store.subscribe,
    () => store.getSnapshot().campaign,
    () => store.getServerSnapshot().campaign,
  )
}
