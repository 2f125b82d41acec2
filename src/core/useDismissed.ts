import { useSyncExternalStore } from 'react'
import { onPageReset } from '../runtime/pageState'

/** Where a dismissed banner is remembered. `get` must be synchronous (it runs during render). */
export interface DismissStorage {
  get(key: string): boolean
  set(key: string): void
}

/** The default: `localStorage`, falling back to memory when it is unavailable (Safari private mode, sandboxed iframes). */
export const localDismissStorage: DismissStorage = {
  get(key) {
    try {
      return window.localStorage.getItem(key) === '1'
    } catch {
      return memory.has(key)
    }
  },
  set(key) {
    try {
      window.localStorage.setItem(key, '1')
    } catch {
      memory.add(key)
    }
  },
}

// The keys dismissed in this page when `localStorage` is unavailable, and the mounted banners to
// tell of a dismissal. A reset forgets the keys and tells the banners; their subscriptions stay.
const memory = new Set<string>()
const listeners = new Set<() => void>()
onPageReset(() => {
  memory.clear()
  listeners.forEach((listener) => listener())
})
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/**
 * Whether `key` was dismissed, and a function that dismisses it. The server render and hydration
 * always see "not dismissed"; the stored answer follows right after.
 */
export function useDismissed(key: string, storage: DismissStorage): [boolean, () => void] {
  const dismissed = useSyncExternalStore(
    subscribe,
    () => storage.get(key),
    () => false,
  )
  // Not memoised: the banner, its only user, wraps it in a new closure on every render anyway.
  const dismiss = () => {
    storage.set(key)
    listeners.forEach((listener) => listener())
  }
  return [dismissed, dismiss]
}
