import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useCelloBff } from './useCelloBff'
import { referralCodeQueryOptions } from './celloQueries'
import type { CelloError } from '../shared/CelloError'
import { isValidUcc } from '../shared/referralCode'

/** What {@link useReferralCodeValidation} knows about the typed code. */
export interface ReferralCodeValidation {
  /**
   * - `idle`: nothing typed.
   * - `invalid_format`: not a possible code (letters, digits, `-`, `_`; checked locally, no request).
   * - `checking`: waiting for the debounce or the BFF.
   * - `valid` / `invalid`: Cello's answer.
   * - `error`: the check failed (see `error`); the form should still accept the code.
   */
  status: 'idle' | 'invalid_format' | 'checking' | 'valid' | 'invalid' | 'error'
  /** The code that was checked (trimmed). */
  code: string
  campaignId?: string
  error: CelloError | null
}

/**
 * Checks a referral code typed into a "Have a referral code?" field: waits `debounceMs` after the
 * last keystroke, checks the format locally, then asks the BFF. A newer code cancels the request
 * for an older one.
 */
export function useReferralCodeValidation(code: string, options: { debounceMs?: number } = {}): ReferralCodeValidation {
  const { bff, client } = useCelloBff('useReferralCodeValidation()')
  const trimmed = code.trim()
  const delay = options.debounceMs ?? 300
  const [debounced, setDebounced] = useState(trimmed)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(trimmed), delay)
    return () => clearTimeout(timer)
  }, [trimmed, delay])
  const wellFormed = isValidUcc(trimmed)
  const query = useQuery(
    { ...referralCodeQueryOptions(bff, debounced), enabled: wellFormed && debounced === trimmed },
    client,
  )
  const answer = debounced === trimmed && query.isSuccess ? query.data : undefined
  const status: ReferralCodeValidation['status'] = !trimmed
    ? 'idle'
    : !wellFormed
      ? 'invalid_format'
      : answer
        ? answer.valid
          ? 'valid'
          : 'invalid'
        : debounced === trimmed && query.isError
          ? 'error'
          : 'checking'
  return {
    status,
    code: trimmed,
    ...(answer?.campaignId && { campaignId: answer.campaignId }),
    error: status === 'error' ? query.error : null,
  }
}
