import type { CelloContextValue } from './CelloContext'
import { createFetchBff, type CelloBff } from './createFetchBff'

let defaultBff: CelloBff | undefined

/**
 * The provider's `bff` (from the context), else one shared `createFetchBff()`. Created here, on first use, so that an
 * app that only captures referral codes does not ship the BFF client.
 */
export function bffOf(context: CelloContextValue): CelloBff {
  return context.bff ?? (defaultBff ??= createFetchBff())
}
