import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import { useCelloBff } from './useCelloBff'
import type { CelloError } from '../shared/CelloError'
import { activeLinkQueryOptions } from './celloQueries'
import type { ActiveLink } from '../runtime/createFetchBff'

/** Options of {@link useActiveLink}. */
export interface UseActiveLinkOptions {
  /** Set `false` to not fetch (e.g. before the session is known). @defaultValue true */
  enabled?: boolean
  /**
   * Who is signed in (an id, or `null` when nobody is). A new value fetches the new user's link,
   * so sign-in and sign-out without a reload show the right link.
   */
  userKey?: string | null
}

/** React Query's result for the link, plus `isSignedOut` (the BFF answered 401). */
export type UseActiveLinkResult = UseQueryResult<ActiveLink | null, CelloError> & {
  /** Nobody is signed in: `data` is `null`, and this is not an error. */
  isSignedOut: boolean
}

/**
 * The signed-in user's own referral link (`{ activeUcc, link }`), fetched once through the BFF
 * and shared by every component that asks for it.
 *
 * @example
 * const { data, isPending, isSignedOut } = useActiveLink({ userKey: session?.userId ?? null })
 */
export function useActiveLink(options: UseActiveLinkOptions = {}): UseActiveLinkResult {
  const { bff, client } = useCelloBff('useActiveLink()')
  const result = useQuery({ ...activeLinkQueryOptions(bff, options.userKey), enabled: options.enabled ?? true }, client)
  return Object.assign(result, { isSignedOut: result.isSuccess && result.data === null })
}
