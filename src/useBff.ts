import { useCelloContext } from './CelloContext'
import { createFetchBff, type CelloBff } from './createFetchBff'

let defaultBff: CelloBff | undefined

/**
 * The provider's `bff`, else one shared `createFetchBff()`. Created here, on first use, so that an
 * app that only captures referral codes does not ship the BFF client.
 */
export function useBff(consumer: string): CelloBff {
  return useCelloContext(consumer).bff ?? (defaultBff ??= createFetchBff())
}
