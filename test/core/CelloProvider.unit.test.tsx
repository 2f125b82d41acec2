import { cleanup, render, renderHook, screen } from '@testing-library/react'
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ReactElement } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { CelloProvider, useActiveLink, useCampaign, useUcc, type CelloBff } from '../../src'
import { createTestQueryClient } from '../support/createTestQueryClient'
import { resetCello } from '../../src/testing/resetCello'
import { UccProbe } from './UccProbe'

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
        expect.objectContaining({
          code: 'missing_provider',
          message: expect.stringContaining(`${name} must be used within <CelloProvider>`),
        }),
      ),
    )
    for (const error of uncaught) expect(error).toMatchObject({ code: 'missing_provider' })
    for (const [first] of errors.mock.calls) expect(String(first)).not.toMatch(/Warning: (?!The above error)/)
  })
})

describe('CelloProvider and React Query', () => {
  it("runs its queries in the queryClient prop, else the app's client above it, else one private client", () => {
    const bff: CelloBff = {
      getActiveLink: vi.fn(() => new Promise<never>(() => {})), // never answers: only where the query lives matters
      validateReferralCode: vi.fn(),
      reportSignup: vi.fn(),
    }
    const Probe = () => {
      useActiveLink()
      return null
    }
    const tree = (client?: QueryClient) => (
      <CelloProvider consent="pending" bff={bff} queryClient={client}>
        <Probe />
      </CelloProvider>
    )
    const holds = (client: QueryClient) => client.getQueryCache().getAll().length > 0
    const where = (make: (mine: QueryClient, apps: QueryClient) => ReactElement) => {
      const mine = createTestQueryClient()
      const apps = createTestQueryClient()
      const { unmount } = render(make(mine, apps))
      unmount()
      return { mine: holds(mine), apps: holds(apps) }
    }
    expect(where((mine) => tree(mine))).toEqual({ mine: true, apps: false })
    expect(where((_, apps) => <QueryClientProvider client={apps}>{tree()}</QueryClientProvider>)).toEqual({
      mine: false,
      apps: true,
    })
    expect(where((mine, apps) => <QueryClientProvider client={apps}>{tree(mine)}</QueryClientProvider>)).toEqual({
      mine: true,
      apps: false,
    })
    // Without either, the query runs in react-cello's own client, shared by every provider: one fetch.
    vi.mocked(bff.getActiveLink).mockClear()
    expect(where(() => tree())).toEqual({ mine: false, apps: false })
    render(tree())
    render(tree())
    expect(bff.getActiveLink).toHaveBeenCalledTimes(1)
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
    expect(result.current).toMatchObject({
      ucc: 'serverCode',
      source: 'server',
      referrerName: 'Bea',
      status: 'disabled',
    })
    document.cookie = 'cello-referral=; Max-Age=0; Path=/'
  })
})

describe('initialReferral arriving later', () => {
  // Issue 21: a client-side navigation in Next.js renders the layout again with the referral its
  // cookies() now hold; the provider read initialReferral once, at mount.
  it('takes a new initialReferral on the render that brings it (below a code in the URL)', () => {
    resetCello()
    const tree = (initialReferral: { ucc: string; referrerName: string } | null) => (
      <CelloProvider consent="pending" initialReferral={initialReferral}>
        <UccProbe />
      </CelloProvider>
    )
    const { rerender } = render(tree(null))
    expect(screen.getByTestId('ucc').textContent).toBe('none')
    rerender(tree({ ucc: 'laterCode', referrerName: 'Cleo' }))
    expect(screen.getByTestId('ucc').textContent).toBe('laterCode')
    expect(screen.getByTestId('source').textContent).toBe('server')
    expect(screen.getByTestId('referrer').textContent).toBe('Cleo')
    rerender(tree({ ucc: 'otherCode', referrerName: 'Dan' }))
    expect(screen.getByTestId('ucc').textContent).toBe('otherCode')
    cleanup()
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
