import { useSyncExternalStore } from 'react'
import { useCelloContext } from './CelloContext'
import type { UccState } from '../runtime/createCelloStore'

/**
 * The visitor's referral code, where it came from, and the state of Cello's script.
 *
 * The code is there on the first client render when the URL or the `cello-referral` cookie
 * carries it, whatever the script does; precedence is URL, then `initialReferral` from the
 * server, then cookie, then script. Server render and hydration see only `initialReferral`, so
 * they match.
 *
 * With `select`, the component re-renders only when what `select` returns changes (compared with
 * `Object.is`), not on every status change: pick a field, or compute a primitive, never build a new
 * object or array in it.
 *
 * @example
 * function SignupForm() {
 *   const ucc = useUcc((state) => state.ucc)
 *   return <form>{ucc && <input type="hidden" name="ucc" value={ucc} />}…</form>
 * }
 */
export function useUcc(): UccState
export function useUcc<T>(select: (state: UccState) => T): T
export function useUcc<T>(select?: (state: UccState) => T): T | UccState {
  const { store } = useCelloContext('useUcc()')
  const pick = (state: UccState) => (select ? select(state) : state)
  return useSyncExternalStore(
    store.subscribe,
    () => pick(store.getSnapshot()),
    () => pick(store.getServerSnapshot()),
  )
}
