import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import { createCelloError } from '../shared/createCelloError'
import type { CelloStore } from '../runtime/createCelloStore'
import type { CelloBff } from '../runtime/createFetchBff'

/** What `CelloProvider` shares with the hooks. */
export interface CelloContextValue {
  store: CelloStore
  /** The `bff` prop; hooks that need one fall back to `createFetchBff()` (see `useCelloBff`). */
  bff: CelloBff | undefined
  /** The `queryClient` prop; see `useCelloQueryClient` for the fallbacks. */
  queryClient: QueryClient | undefined
}

export const CelloContext = createContext<CelloContextValue | null>(null)
// Named in React DevTools during development; production builds drop the line.
if (process.env.NODE_ENV !== 'production') CelloContext.displayName = 'CelloContext'

/** The provider's value; throws `CelloError('missing_provider')` naming the hook (and, in development, the fix) when there is none. */
export function useCelloContext(consumer: string): CelloContextValue {
  const value = useContext(CelloContext)
  if (!value) {
    throw createCelloError(
      'missing_provider',
      process.env.NODE_ENV !== 'production'
        ? `${consumer} must be used within <CelloProvider>: render the provider around the component that calls ${consumer}, not inside it.`
        : '',
    )
  }
  return value
}
