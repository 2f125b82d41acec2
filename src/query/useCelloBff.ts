import type { QueryClient } from '@tanstack/react-query'
import { useCelloContext } from '../core/CelloContext'
import { defaultFetchBff, type CelloBff } from '../runtime/createFetchBff'
import { useCelloQueryClient } from './useCelloQueryClient'

/**
 * What the hooks that ask your backend need: the provider's `bff`, else one shared
 * `createFetchBff()` (`defaultFetchBff`, created on first use, so that an app that only captures referral codes
 * does not ship the BFF client), and the QueryClient of react-cello's queries (see
 * `useCelloQueryClient`). Throws `CelloError('missing_provider')` naming `consumer` outside
 * `<CelloProvider>`.
 */
export function useCelloBff(consumer: string): { bff: CelloBff; client: QueryClient } {
  const context = useCelloContext(consumer)
  return { bff: context.bff ?? defaultFetchBff(), client: useCelloQueryClient(context) }
}
