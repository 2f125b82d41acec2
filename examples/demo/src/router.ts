import { useSyncExternalStore } from 'react'

// A tiny client-side router on history.pushState, like the routers real apps use (and which drop
// the query string on navigation: react-cello must keep the referral code anyway).
const listeners = new Set<() => void>()
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

export function navigate(path: string): void {
  history.pushState(null, '', path)
  listeners.forEach((l) => l())
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}
