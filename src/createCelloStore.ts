import type { CelloError } from './CelloError'
import type { CelloAttributionApi } from './createCelloAttributionApi'
import type { CampaignConfig } from './parseCampaignConfig'
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
  url: Referral | null
  server: Referral | null
  cookie: string | null
  script: Referral | null
  campaign: CampaignConfig | null
  api: CelloAttributionApi | null
  status: UccStatus
  error: CelloError | null
}

export interface CelloSnapshot extends UccState {
  campaign: CampaignConfig | null
}

function derive(data: CelloStoreData): CelloSnapshot {
  const candidates: [UccSource, Referral | null][] = [
    ['url', data.url],
    ['server', data.server],
    ['cookie', data.cookie ? { ucc: data.cookie } : null],
    ['script', data.script],
  ]
  const found = candidates.find(([, referral]) => referral)
  const ucc = found?.[1]?.ucc ?? null
  // A name or product id from any source that agrees on the code.
  const same = candidates.map(([, r]) => r).filter((r) => r && r.ucc === ucc)
  return {
    ucc,
    source: found?.[0] ?? null,
    status: data.status,
    referrerName: same.find((r) => r?.referrerName)?.referrerName ?? null,
    productId: same.find((r) => r?.productId)?.productId ?? null,
    error: data.error,
    campaign: data.campaign,
  }
}

const keys: (keyof CelloSnapshot)[] = ['ucc', 'source', 'status', 'referrerName', 'productId', 'error', 'campaign']

/** A tiny external store for `useSyncExternalStore`: stable snapshots, change-only notifications. */
export function createCelloStore(initial: CelloStoreData) {
  let data = initial
  let snapshot = derive(data)
  const serverSnapshot = derive({ ...initial, url: null, cookie: null, script: null, status: 'disabled' })
  const listeners = new Set<() => void>()
  return {
    data: () => data,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    update(patch: Partial<CelloStoreData>) {
      data = { ...data, ...patch }
      const next = derive(data)
      if (keys.some((key) => next[key] !== snapshot[key])) {
        snapshot = next
        listeners.forEach((listener) => listener())
      }
    },
  }
}

export type CelloStore = ReturnType<typeof createCelloStore>
