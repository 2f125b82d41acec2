import { useState, type ReactNode } from 'react'
import { CelloProvider, type CelloProviderProps } from '../src'
import { fakeAttributionScriptUrl } from '../src/testing/fakes/fakeAttributionScript'
import { resetCello } from '../src/testing/resetCello'
import { createTestQueryClient } from '../test/support/createTestQueryClient'

/** How Cello's script behaves in a story: the fake script, a failed load, or a slow one. */
export type ScriptBehaviour = 'ready' | 'blocked' | 'slow'

const scriptSrc = (script: ScriptBehaviour = 'ready') =>
  fakeAttributionScriptUrl(script === 'slow' ? { latencyMs: 1500 } : { fail: script === 'blocked' })

/**
 * Plays one visit in the shared Storybook page: puts `query` in the address bar and `cookie` in
 * `cello-referral`, forgetting the previous story's capture. Returns the clean-up.
 */
export function visit({ query = '', cookie }: { query?: string; cookie?: string }) {
  resetCello({ cookies: true })
  const path = window.location.pathname
  const params = new URLSearchParams(window.location.search)
  const added = [...new URLSearchParams(query)]
  for (const [key, value] of added) params.set(key, value)
  history.replaceState(null, '', `${path}?${params}`)
  if (cookie) document.cookie = `cello-referral=${cookie}; Path=/`
  return () => {
    const clean = new URLSearchParams(window.location.search)
    for (const [key] of added) clean.delete(key)
    history.replaceState(null, '', `${path}?${clean}`)
    resetCello({ cookies: true })
  }
}

/** A provider with the fake script and a fresh QueryClient, as each story needs. */
export function StoryProvider({
  children,
  script,
  ...props
}: Omit<CelloProviderProps, 'scriptSrc'> & { script?: ScriptBehaviour; children: ReactNode }) {
  // Once per story: a new script URL or QueryClient on every render would start over.
  const [src] = useState(() => scriptSrc(script))
  const [queryClient] = useState(createTestQueryClient)
  return (
    <CelloProvider scriptSrc={src} queryClient={queryClient} timeoutMs={5000} {...props}>
      {children}
    </CelloProvider>
  )
}

/** Base64 of a UTF-8 name, as Cello's `celloN` parameter carries it. */
export const encodeName = (name: string) => btoa(String.fromCharCode(...new TextEncoder().encode(name)))

/**
 * "Show code" for a story: what a user pastes into their app, not the story's own helpers
 * (`StoryProvider`, `visit`, MSW handlers). `body` is the JSX inside `<CelloProvider>`.
 */
export function sourceCode(imports: string, body: string, comment?: string) {
  const lines = [
    `import { ${imports} } from 'react-cello'`,
    `import 'react-cello/styles.css'`,
    '',
    ...(comment ? [`// ${comment}`] : []),
    'export function App() {',
    '  return (',
    '    <CelloProvider>',
    ...body
      .trim()
      .split('\n')
      .map((line) => `      ${line}`),
    '    </CelloProvider>',
    '  )',
    '}',
  ]
  return { docs: { source: { code: lines.join('\n'), language: 'tsx' } } }
}

/**
 * Puts `value` in an input as typing would end up (React sees an `input` event). Used instead of
 * `userEvent.type` where a docs page plays several stories at once in iframes that take the
 * keyboard focus from each other.
 */
export function fill(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value)
  input.dispatchEvent(new Event('input', { bubbles: true }))
}
