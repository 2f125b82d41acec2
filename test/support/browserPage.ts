import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { createBffHandlers, createFakeBffState, type FakeBffState } from './bffHandlers'
import { resetCello } from '../../src/testing/resetCello'
import { FAKE_SCRIPT_PATH } from './fakeScriptServer'
import { worker } from './mswWorker'

/** URL of the fake attribution script on the test server; options become its query. */
export function fakeScriptSrc(query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))
  // A unique query per call so each test injects (or adopts) its own tag.
  params.set('t', `${Date.now()}-${Math.random()}`)
  return `${FAKE_SCRIPT_PATH}?${params}`
}

/** Every `cello-attribution` script tag in the page. */
export function celloScriptTags(): HTMLScriptElement[] {
  return [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((s) =>
    s.src.includes('cello-attribution'),
  )
}

/** Resets the page between tests: URL, cookies, script tags, Cello's globals. */
export function resetPage(): void {
  history.replaceState(null, '', '/')
  resetCello()
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]!.trim()
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`
  }
}

/**
 * Records every command sent to Cello's script from now on. The package looks up
 * `window.CelloAttribution` at call time, so wrapping it sees every later command.
 */
export function recordCelloCommands(): string[] {
  const commands: string[] = []
  const real = window.CelloAttribution!
  window.CelloAttribution = (command, ...args) => {
    commands.push(command)
    return real(command, ...args)
  }
  return commands
}

/** Puts a query string in the address bar without reloading. */
export function visit(pathAndQuery: string): void {
  history.replaceState(null, '', pathAndQuery)
}

/** The cookie's value, or null. */
export function cookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`))
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null
}

/**
 * Per test: a clean page and a fresh fake BFF answered by MSW. Returns a getter for the fake BFF's
 * state (who is signed in, what it was asked).
 */
export function withFakeBffPerTest(): () => FakeBffState {
  let state: FakeBffState
  beforeEach(() => {
    resetPage()
    state = createFakeBffState()
    worker.use(...createBffHandlers(state))
  })
  afterEach(() => {
    cleanup()
    resetPage()
  })
  return () => state
}
