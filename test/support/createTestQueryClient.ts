import { QueryClient } from '@tanstack/react-query'

/**
 * A QueryClient for one test or story: no retries by default, no delay before the retries a hook
 * asks for itself (the active link retries network and upstream failures, a signup report network
 * failures), so nothing waits them out, and no garbage-collection timer left running after the
 * test (gcTime Infinity).
 */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, retryDelay: 0, gcTime: Infinity },
      mutations: { retry: false, retryDelay: 0 },
    },
  })
}
