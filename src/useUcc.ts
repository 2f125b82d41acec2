import { useSyncExternalStore } from 'react'
import { useCelloContext } from './CelloContext'
import type { UccState } from './createCelloStore'

/**
 * The visitor's referral code, where it came from, and the state of Cello's script.
 *
 * The code is there on the first client render when the URL or the `cello-referral` cookie
 * carries it, whatever the script does; precedence is URL, then `initialReferral` from the
 * server, then cookie, then script. Server render and hydration see only `initialReferral`, so
 * they match.
 *
 * @example
 * function SignupForm() {
 *   const { ucc } = useUcc()
 *   return <form>{ucc && <input type="hidden" name="ucc" value={ucc} />}…</form>
 * }
 */
export function useUcc(): UccState {
  const { store } = useCelloContext('useUcc()')
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot)
}
