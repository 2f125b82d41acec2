import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { CelloProvider } from '../../src'
import { SignupForm } from '../support/SignupForm'
import { createTestQueryClient } from '../support/createTestQueryClient'
import { fakeScriptSrc, withFakeBffPerTest, visit } from '../support/browserPage'
import { worker } from '../support/mswWorker'

const fakeBff = withFakeBffPerTest()

const hiddenUcc = () => document.querySelector<HTMLInputElement>('input[type="hidden"][name="ucc"]')

describe('signup form integration in real Chromium', () => {
  it('carries the captured code in the form and reports the signup through the BFF', async () => {
    visit('/signup?ucc=pNRB1aYqArN')
    const createAccount = vi.fn(async (form: FormData) => {
      expect(form.get('ucc')).toBe('pNRB1aYqArN')
    })
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()} queryClient={createTestQueryClient()}>
        <SignupForm createAccount={createAccount} />
      </CelloProvider>,
    )
    expect(hiddenUcc()!.value).toBe('pNRB1aYqArN')
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'new@user.example' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Sign up' }))
    await waitFor(() => expect(screen.getByText('Welcome! Your referral was recorded.')).toBeInTheDocument())
    expect(createAccount).toHaveBeenCalledTimes(1)
    expect(fakeBff().signups).toEqual([{ ucc: 'pNRB1aYqArN' }])
  })

  it('sends the signup report again when the network drops it, and the BFF sees one signup', async () => {
    visit('/signup?ucc=pNRB1aYqArN')
    // The first POST /signups fails as a dropped connection does; later ones fall through to the fake BFF.
    let dropped = 0
    worker.use(http.post('/api/cello/signups', () => (dropped++ === 0 ? HttpResponse.error() : undefined)))
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()} queryClient={createTestQueryClient()}>
        <SignupForm />
      </CelloProvider>,
    )
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'new@user.example' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Sign up' }))
    await waitFor(() => expect(screen.getByText('Welcome! Your referral was recorded.')).toBeInTheDocument())
    expect(dropped).toBe(2) // the dropped request and the one sent again
    expect(fakeBff().signups).toEqual([{ ucc: 'pNRB1aYqArN' }])
  })

  it('updates the hidden input when the code arrives later by client-side navigation', async () => {
    render(
      <CelloProvider consent="pending" queryClient={createTestQueryClient()}>
        <SignupForm />
      </CelloProvider>,
    )
    expect(hiddenUcc()!.value).toBe('')
    history.pushState(null, '', '/signup?ucc=lateCode')
    await waitFor(() => expect(hiddenUcc()!.value).toBe('lateCode'))
  })

  it('validates a typed code (debounced, format checked locally) and reports it', async () => {
    render(
      <CelloProvider consent="pending" queryClient={createTestQueryClient()}>
        <SignupForm />
      </CelloProvider>,
    )
    const field = screen.getByLabelText('Referral code (optional)')
    fireEvent.change(field, { target: { value: 'bad code!' } })
    expect(screen.getByText('Codes use letters, digits, - and _')).toBeInTheDocument()
    fireEvent.change(field, { target: { value: 'pNRB' } })
    fireEvent.change(field, { target: { value: 'pNRB1aYqArN' } })
    await waitFor(() => expect(screen.getByText('Code applied')).toBeInTheDocument())
    // Debounced: only the last code reached the BFF, and the malformed one never did.
    expect(fakeBff().requests).toEqual(['GET /api/cello/referral-codes/pNRB1aYqArN'])
    fireEvent.change(field, { target: { value: 'unknownCode' } })
    await waitFor(() => expect(screen.getByText('This code is not valid')).toBeInTheDocument())
    fireEvent.change(field, { target: { value: 'pNRB1aYqArN' } })
    await waitFor(() => expect(screen.getByText('Code applied')).toBeInTheDocument())
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'typed@user.example' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Sign up' }))
    await waitFor(() => expect(screen.getByText('Welcome! Your referral was recorded.')).toBeInTheDocument())
    expect(fakeBff().signups).toEqual([{ ucc: 'pNRB1aYqArN' }])
  })

  it('lets the script attach its hidden input when it is ready (useAttachForm)', async () => {
    visit('/signup?ucc=attachCode')
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ latencyMs: 100 })} queryClient={createTestQueryClient()}>
        <SignupForm />
      </CelloProvider>,
    )
    const form = screen.getByRole('form', { name: 'Sign up' })
    await waitFor(() => expect(form.querySelectorAll('input[name="ucc"]').length).toBeGreaterThanOrEqual(1))
    // The script reuses the field CelloUccInput rendered instead of adding a second one.
    await new Promise((r) => setTimeout(r, 200))
    expect([...form.querySelectorAll<HTMLInputElement>('input[name="ucc"]')].map((i) => i.value)).toEqual([
      'attachCode',
    ])
  })

  it('still creates the account when the BFF fails, and says the referral was not reported', async () => {
    visit('/signup?ucc=pNRB1aYqArN')
    fakeBff().user = null // the BFF answers 401
    render(
      <CelloProvider consent="pending" queryClient={createTestQueryClient()}>
        <SignupForm />
      </CelloProvider>,
    )
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'x@user.example' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Sign up' }))
    await waitFor(() => expect(screen.getByText('Welcome! Your referral could not be reported.')).toBeInTheDocument())
  })
})
