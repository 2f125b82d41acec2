import { queryOptions, type DataTag, type UseQueryOptions } from '@tanstack/react-query'
import { isCelloError, type CelloError } from '../shared/CelloError'
import type { ActiveLink, CelloBff, ReferralCodeInfo } from '../runtime/createFetchBff'

/**
 * Query keys of every react-cello query, for `invalidateQueries`, `prefetchQuery` and devtools.
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: celloKeys.activeLink() }) // after sign-out
 */
export const celloKeys = {
  all: ['react-cello'] as const,
  activeLink: (userKey?: string | null) =>
    userKey === undefined
      ? (['react-cello', 'active-link'] as const)
      : (['react-cello', 'active-link', userKey] as const),
  referralCode: (code: string) => ['react-cello', 'referral-code', code] as const,
}

/** Options for `useQuery`, `prefetchQuery` and `getQueryData`, typed through the query key. */
export type CelloQueryOptions<T> = UseQueryOptions<T, CelloError, T, readonly unknown[]> & {
  queryKey: DataTag<readonly unknown[], T, CelloError>
}

/**
 * Query options for the signed-in user's referral link. Resolves `null` when the BFF answers 401
 * (signed out): a state, not an error.
 */
export function activeLinkQueryOptions(bff: CelloBff, userKey?: string | null): CelloQueryOptions<ActiveLink | null> {
  return queryOptions<ActiveLink | null, CelloError>({
    queryKey: celloKeys.activeLink(userKey ?? null),
    // No abort signal on purpose: React Query aborts a fetch whose signal was read as soon as its
    // last observer unmounts, and StrictMode's unmount-remount would then make two requests (the
    // first aborted). Unsignalled, the remount joins the fetch in flight: one request.
    queryFn: () =>
      bff.getActiveLink().catch((error: unknown) => {
        if (isCelloError(error, 'unauthorized')) return null
        throw error
      }),
    staleTime: 5 * 60_000,
    retry: (count, error) => count < 2 && (error.code === 'network' || error.code === 'upstream'),
  })
}

/** Query options for what the BFF says about a referral code. */
export function referralCodeQueryOptions(bff: CelloBff, code: string): CelloQueryOptions<ReferralCodeInfo> {
  return queryOptions<ReferralCodeInfo, CelloError>({
    queryKey: celloKeys.referralCode(code),
    queryFn: ({ signal }) => bff.validateReferralCode(code, { signal }),
    staleTime: 10 * 60_000,
    retry: false,
  })
}
