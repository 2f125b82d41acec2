import { QueryClient, QueryClientContext } from '@tanstack/react-query'
import { useContext, useEffect } from 'react'
import type { CelloContextValue } from '../core/CelloContext'
import { privateQueryClient } from '../runtime/privateQueryClient'

/** The page's private client, created on first use. */
function privateClient(): QueryClient {
  if (!privateQueryClient.current) privateQueryClient.current = new QueryClient()
  return privateQueryClient.current
}

/**
 * The QueryClient of react-cello's queries: the provider's `queryClient` prop, else the app's
 * (a `QueryClientProvider` above), else one private to react-cello, created on first use so that
 * an app that only captures codes does not pay for it. The provider never puts it in the tree, so
 * the app's own `useQuery` calls never find it by accident.
 */
export function useCelloQueryClient(context: CelloContextValue): QueryClient {
  const fromApp = useContext(QueryClientContext)
  const client =
    context.queryClient ??
    fromApp ??
    // On the server a module-level client would keep every request's queries (gcTime is infinite there).
    (typeof window === 'undefined' ? new QueryClient() : privateClient())
  // Subscribes a client that no QueryClientProvider mounted to window focus and online events.
  const isPrivate = client === privateQueryClient.current
  useEffect(() => {
    const mounted = privateQueryClient.current
    if (!isPrivate || !mounted) return
    mounted.mount()
    return () => mounted.unmount()
  }, [isPrivate])
  return client
}
