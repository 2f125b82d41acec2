import { render, renderHook } from '@testing-library/react'
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { CelloProvider, useCampaign, useUcc } from '../../src'
import { useCelloContext } from '../../src/CelloContext'
import { useCelloQueryClient } from '../../src/useCelloQueryClient'
import { resetCello } from '../../src/testing/resetCello'

/**
 * Runs `run` while counting uncaught window errors instead of letting jsdom print them: React 18
 * reports an expected render error that way too (with its whole stack), besides throwing it.
 */
function catchUncaught(run: () => void): unknown[] {
  const uncaught: unknown[] = []
  const onError = (event: ErrorEvent) => {
    event.preventDefault()
    uncaught.push(event.error)
  }
  window.addEventListener('error', onError)
  try {
    run()
  } finally {
    window.removeEventListener('error', onError)
  }
  return uncaught
}

describe('hooks outside a provider', () => {
  it.each([
    ['useUcc()', useUcc],
    ['useCampaign()', useCampaign],
  ])('%s throws an error that names the hook and the fix', (name, hook) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const uncaught = catchUncaught(() =>
      expect(() => renderHook(() => hook())).toThrow(
        expect.objectContaining({ code: 'missing_provider', message: expect.stringContaining(`${name} must be used within <CelloProvider>`) }),
      ),
    )
    for (const error of uncaught) expect(error).toMatchObject({ code: 'missing_provider' })
    for (const [first] of errors.mock.calls) expect(String(first)).not.toMatch(/Warning: (?!The above error)/)
  })
})

describe('CelloProvider and React Query', () => {
  it("uses the queryClient prop, else the app's client above it, else one private client", () => {
    const seen: QueryClient[] = []
    const Probe = () => {
      seen.push(useCelloQueryClient(useCelloContext('Probe')))
      return null
    }
    const mine = new QueryClient()
    const apps = new QueryClient()
    const tree = (client?: QueryClient) => (
      <CelloProvider consent="pending" queryClient={client}>
        <Probe />
      </CelloProvider>
    )
    render(tree(mine))
    render(<QueryClientProvider client={apps}>{tree()}</QueryClientProvider>)
    render(<QueryClientProvider client={apps}>{tree(mine)}</QueryClientProvider>)
    render(tree())
    render(tree())
    expect(seen.slice(0, 3)).toEqual([mine, apps, mine])
    expect(seen[3]).toBeInstanceOf(QueryClient)
    expect([mine, apps]).not.toContain(seen[3])
    expect(seen[4]).toBe(seen[3])
  })

  it("never puts a QueryClient in the app's tree: the app's own useQueryClient() still finds none", () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const AppComponent = () => {
      useQueryClient()
      return null
    }
    const uncaught = catchUncaught(() =>
      expect(() =>
        render(
          <CelloProvider consent="pending">
            <AppComponent />
          </CelloProvider>,
        ),
      ).toThrow('No QueryClient set'),
    )
    for (const error of uncaught) expect(String(error)).toContain('No QueryClient set')
  })
})

describe('precedence', () => {
  it('prefers the URL over the server referral, and the server over the cookie', () => {
    document.cookie = 'cello-referral=cookieCode; Path=/'
    const { result } = renderHook(() => useUcc(), {
      wrapper: ({ children }) => (
        <CelloProvider consent="pending" initialReferral={{ ucc: 'serverCode', referrerName: 'Bea' }}>
          {children}
        </CelloProvider>
      ),
    })
    expect(result.current).toMatchObject({ ucc: 'serverCode', source: 'server', referrerName: 'Bea', status: 'disabled' })
    document.cookie = 'cello-referral=; Max-Age=0; Path=/'
  })
})

describe('useUcc with a selector', () => {
  it('re-renders a consumer of one field only when that field changes, not on a status change', () => {
    window.history.replaceState(null, '', '/?ucc=selectorCode')
    let wholeRenders = 0
    let uccRenders = 0
    const statuses: string[] = []
    const Whole = () => {
      statuses.push(useUcc().status)
      wholeRenders++
      return null
    }
    const OnlyUcc = () => {
      const ucc = useUcc((state) => state.ucc)
      uccRenders++
      return <output>{ucc}</output>
    }
    const tree = (consent: 'pending' | 'granted') => (
      <CelloProvider consent={consent} scriptSrc="data:text/javascript,">
        <Whole />
        <OnlyUcc />
      </CelloProvider>
    )
    const view = render(tree('pending'))
    expect(view.container.textContent).toBe('selectorCode')
    const [wholeBefore, uccBefore] = [wholeRenders, uccRenders]
    view.rerender(tree('granted'))
    // The provider's re-render renders both once; the status change (disabled -> loading) only the whole-state consumer.
    expect(statuses.at(-1)).toBe('loading')
    expect(wholeRenders - wholeBefore).toBe(2)
    expect(uccRenders - uccBefore).toBe(1)
    view.unmount()
    resetCello({ cookies: true })
    window.history.replaceState(null, '', '/')
  })
})
