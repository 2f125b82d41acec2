import { render, renderHook } from '@testing-library/react'
import { QueryClient, useQueryClient } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { CelloProvider, useCampaign, useUcc } from '../../src'

describe('hooks outside a provider', () => {
  it.each([
    ['useUcc()', useUcc],
    ['useCampaign()', useCampaign],
  ])('%s throws an error that names the hook and the fix', (name, hook) => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => hook())).toThrow(
      expect.objectContaining({ code: 'missing_provider', message: expect.stringContaining(`${name} must be used within <CelloProvider>`) }),
    )
  })
})

describe('CelloProvider and React Query', () => {
  it("uses the queryClient prop, else the app's client above it, else a private one", () => {
    const seen: QueryClient[] = []
    const Probe = () => {
      seen.push(useQueryClient())
      return null
    }
    const mine = new QueryClient()
    render(
      <CelloProvider consent="pending" queryClient={mine}>
        <Probe />
      </CelloProvider>,
    )
    render(
      <CelloProvider consent="pending">
        <Probe />
      </CelloProvider>,
    )
    expect(seen[0]).toBe(mine)
    expect(seen[1]).toBeInstanceOf(QueryClient)
    expect(seen[1]).not.toBe(mine)
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
