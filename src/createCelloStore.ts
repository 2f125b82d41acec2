import type { CelloError } from './shared/CelloError'
import type { CelloCaller } from './loadCelloScript'
import type { Referral } from './types'

/** Where the current referral code came from, in order of precedence. */
export type UccSource = 'url' | 'server' | 'cookie' | 'script'

/**
 * - `loading`: consent is granted and Cello's script is on its way (the code may already be known).
 * - `ready`: the script answered.
 * - `blocked`: the script failed to load or timed out; capture from the URL and cookie still works.
 * - `disabled`: consent is not granted, or this is a server render; no script, no cookie writes.
 * - `error`: the script loaded but failed to answer.
 */
export type UccStatus = 'loading' | 'ready' | 'blocked' | 'disabled' | 'error'

/** What `useUcc()` returns. */
export interface UccState {
  /** The referral code, or `null` when this visitor was not referred. */
  ucc: string | null
  /** Where `ucc` came from (URL, then server, then cookie, then script), or `null`. */
  source: UccSource | null
  /** The state of Cello's attribution script; the code does not wait for it. */
  status: UccStatus
  /** The referrer's first name when known (text only, never HTML). */
  referrerName: string | null
  /** Cello's product id from the referral link, when it carried one. */
  productId: string | null
  /** Why `status` is `blocked` or `error`. */
  error: CelloError | null
}

/** Everything the provider knows, from each source, before precedence is applied. */
export interface CelloStoreData {
  url?: Referral | null
  server?: Referral | null | undefined
  cookie?: Referral | null
  script?: Referral | null
  status: UccStatus
  error?: CelloError | null
  /** The caller of Cello's commands once the script is ready (see `createCelloCaller`), else unset or `null`. */
  call?: CelloCaller | null
}

/** Applies precedence (URL, server, cookie, script); name and product id come from any source that agrees on the code. */
function derive(data: CelloStoreData): UccState {
  const state: UccState = {
    ucc: null,
    source: null,
    status: data.status,
    referrerName: null,
    productId: null,
    error: data.error ?? null,
  }
  for (const source of ['url', 'server', 'cookie', 'script'] as const) {
    const referral = data[source]
    // The first source with a code sets it; later sources that agree fill in what it lacks.
    if (referral && (state.ucc ??= referral.ucc) == referral.ucc) {
      state.source ??= source
      state.referrerName ??= referral.referrerName ?? null
      state.productId ??= referral.productId ?? null
    }
  }
  return state
}

/**
 * A tiny external store for `useSyncExternalStore`. `getSnapshot` keeps its identity until a field
 * of `useUcc()`'s state changes, so a consumer commits only when what it sees changed.
 */
export function createCelloStore(initial: CelloStoreData) {
  let data = initial
  let snapshot = derive(data)
  // What the server rendered: only what it was given, so that hydration matches.
  const serverSnapshot = derive({ server: initial.server, status: 'disabled' })
  const listeners = new Set<() => void>()
  return {
    data: () => data,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
    update(patch: Partial<CelloStoreData>) {
      const next = derive((data = { ...data, ...patch }))
      for (const [key, value] of Object.entries(next)) if (value !== Reflect.get(snapshot, key)) snapshot = next
      listeners.forEach((listener) => listener())
    },
  }
}

export type CelloStore = ReturnType<typeof createCelloStore>
