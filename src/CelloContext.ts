import { createContext, useContext } from 'react'
import { CelloError } from './CelloError'
import type { CelloStore } from './createCelloStore'
import type { CelloBff } from './createFetchBff'

/** What `CelloProvider` shares with the hooks. */
export interface CelloContextValue {
  store: CelloStore
  /** The `bff` prop; hooks that need one fall back to `createFetchBff()` (see `useBff`). */
  bff: CelloBff | undefined
}

export const CelloContext = createContext<CelloContextValue | null>(null)
CelloContext.displayName = 'CelloContext'

/** The provider's value; throws an error naming the hook and the fix when there is none. */
export function useCelloContext(consumer: string): CelloContextValue {
  const value = useContext(CelloContext)
  if (!value) {
    throw new CelloError(
      'missing_provider',
      `${consumer} must be used within <CelloProvider>. Wrap your app (or the part of it that ` +
        `calls ${consumer}) in <CelloProvider>, and call the hook in a component below it, not in ` +
        'the component that renders the provider.',
    )
  }
  return value
}
