import { renderHook, waitFor } from '@testing-library/react'
import { createTestQueryClient } from '../support/createTestQueryClient'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { CelloError, CelloProvider, useReferralCodeValidation, type CelloBff, type ReferralCodeInfo } from '../../src'

/** A BFF whose referral-code answers the test resolves or rejects by hand; the rest is unused. */
function heldBff() {
  const pending = new Map<string, { resolve: (info: ReferralCodeInfo) => void; reject: (error: unknown) => void }>()
  const asked: string[] = []
  const unused = () => Promise.reject(new CelloError('not_found', 'not used here'))
  const bff: CelloBff = {
    getActiveLink: unused,
    reportSignup: unused,
    validateReferralCode: (code) =>
      new Promise((resolve, reject) => {
        asked.push(code)
        pending.set(code, { resolve, reject })
      }),
  }
  return { bff, asked, answer: (code: string) => pending.get(code) }
}

function renderValidation(bff: CelloBff, code: string) {
  const client = createTestQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <CelloProvider consent="pending" bff={bff} queryClient={client}>
      {children}
    </CelloProvider>
  )
  return renderHook(({ typed }) => useReferralCodeValidation(typed, { debounceMs: 0 }), {
    wrapper,
    initialProps: { typed: code },
  })
}

describe('useReferralCodeValidation', () => {
  it('is idle for nothing typed and invalid_format for an impossible code, without asking the BFF', () => {
    const held = heldBff()
    const { result, rerender } = renderValidation(held.bff, '  ')
    expect(result.current).toEqual({ status: 'idle', code: '', error: null })
    rerender({ typed: 'not a code!' })
    expect(result.current).toEqual({ status: 'invalid_format', code: 'not a code!', error: null })
    expect(held.asked).toEqual([])
  })

  it('is checking until the BFF answers, then valid with the campaign, or invalid', async () => {
    const held = heldBff()
    const { result, rerender } = renderValidation(held.bff, ' pNRB1aYqArN ')
    expect(result.current).toEqual({ status: 'checking', code: 'pNRB1aYqArN', error: null })
    await waitFor(() => expect(held.answer('pNRB1aYqArN')).toBeDefined())
    held.answer('pNRB1aYqArN')?.resolve({ code: 'pNRB1aYqArN', valid: true, campaignId: 'campaign-1' })
    await waitFor(() =>
      expect(result.current).toEqual({ status: 'valid', code: 'pNRB1aYqArN', campaignId: 'campaign-1', error: null }),
    )

    rerender({ typed: 'unknown1' })
    expect(result.current).toEqual({ status: 'checking', code: 'unknown1', error: null })
    await waitFor(() => expect(held.answer('unknown1')).toBeDefined())
    held.answer('unknown1')?.resolve({ code: 'unknown1', valid: false })
    await waitFor(() => expect(result.current).toEqual({ status: 'invalid', code: 'unknown1', error: null }))
  })

  it('is error with the CelloError when the check fails', async () => {
    const held = heldBff()
    const { result } = renderValidation(held.bff, 'pNRB1aYqArN')
    await waitFor(() => expect(held.answer('pNRB1aYqArN')).toBeDefined())
    const failure = new CelloError('upstream', 'Cello is down')
    held.answer('pNRB1aYqArN')?.reject(failure)
    await waitFor(() => expect(result.current).toEqual({ status: 'error', code: 'pNRB1aYqArN', error: failure }))
  })
})
