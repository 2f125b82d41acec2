import type { QueryClient } from '@tanstack/react-query'
import { useCelloContext } from './CelloContext'
import { createFetchBff, type CelloBff } from './createFetchBff'
import { useCelloQueryClient } from './useCelloQueryClient'

let defaultBff: CelloBff | undefined

/**
 * What the hooks that ask your backend need: the provider's `bff`, else one shared
 * `createFetchBff()` (created here, on first use, so that an app that only captures referral codes
 * does not ship the BFF client), and the QueryClient of react-cello's queries (see
 * `useCelloQueryClient`). Throws `CelloError('missing_provider')` naming `consumer` outside
 * `<CelloProvider>`.
 */
export function useCelloBff(consumer: string): { bff: CelloBff; client: QueryClient } {
  const context = useCelloContext(consumer)
  return { bff: context.bff ?? (defaultBff ??= createFetchBff()), client: useCelloQueryClient(context) }
}
