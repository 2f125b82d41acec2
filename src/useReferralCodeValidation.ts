import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useCelloBff } from './useCelloBff'
import { referralCodeQueryOptions } from './celloQueries'
import type { CelloError } from './shared/CelloError'
import { isValidUcc } from './shared/referralCode'

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
  const query = useQuery({ ...referralCodeQueryOptions(bff, debounced), enabled: wellFormed && debounced === trimmed }, client)
  if (trimmed === '') return { status: 'idle', code: trimmed, error: null }
  if (!wellFormed) return { status: 'invalid_format', code: trimmed, error: null }
  if (debounced !== trimmed || query.isPending) return { status: 'checking', code: trimmed, error: null }
  if (query.isError) return { status: 'error', code: trimmed, error: query.error }
  return {
    status: query.data.valid ? 'valid' : 'invalid',
    code: trimmed,
    ...(query.data.campaignId ? { campaignId: query.data.campaignId } : {}),
    error: null,
  }
}
