import { useEffect, useState, type RefObject } from 'react'
import { useCelloCaller } from './useCelloCaller'
import type { CelloError } from '../shared/CelloError'
import { attachTo } from '../runtime/createCelloAttributionApi'

/**
 * Asks Cello's script to add its hidden `ucc` input to the form in `ref` (the script's
 * `attachTo`) once the script is ready. Returns whether it did and the error if it failed. When
 * the script is blocked nothing is attached: use {@link CelloUccInput} too, which does not need
 * the script.
 */
export function useAttachForm(ref: RefObject<HTMLFormElement | null>): { attached: boolean; error: CelloError | null } {
  const call = useCelloCaller('useAttachForm()')
  const [result, setResult] = useState<{ attached: boolean; error: CelloError | null }>({
    attached: false,
    error: null,
  })
  useEffect(() => {
    const form = ref.current
    if (!call || !form) return
    let active = true
    attachTo(call, form).then(
      () => active && setResult({ attached: true, error: null }),
      (error: CelloError) => active && setResult({ attached: false, error }),
    )
    return () => {
      active = false
    }
  }, [call, ref])
  return result
}
