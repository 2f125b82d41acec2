import type { QueryClient } from '@tanstack/react-query'
import { onPageReset } from './pageState'

/**
 * react-cello's own QueryClient, created by the first hook that needs one (see
 * `useCelloQueryClient`). It lives apart from the hook so that `resetCello` in
 * `react-cello/testing` can empty it without importing React or React Query.
 */
export const privateQueryClient: { current?: QueryClient } = {}
// A reset empties its cache and keeps the client, which mounted hooks may hold.
onPageReset(() => {
  privateQueryClient.current?.clear()
})
