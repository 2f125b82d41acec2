import { useSyncExternalStore } from 'react'
import { useCelloContext } from './CelloContext'
import type { CelloCaller } from '../runtime/types'

/**
 * The caller of Cello's commands once the provider's script is ready, else `null` (and always on
 * the server): the one subscription of the hooks that send commands (`useCampaign`, `useAttachForm`).
 * Throws `CelloError('missing_provider')` naming `consumer` outside `<CelloProvider>`.
 */
export function useCelloCaller(consumer: string): CelloCaller | null {
  const { store } = useCelloContext(consumer)
  return useSyncExternalStore(store.subscribe, store.call, () => null)
}
