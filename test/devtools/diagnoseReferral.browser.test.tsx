import { render, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { CelloProvider, CelloUccInput, useUcc } from '../../src'
import { diagnoseReferral } from '../../src/devtools/diagnoseReferral'
import { probeCelloBff } from '../../src/devtools/probeCelloBff'
import type { FindingId } from '../../src/devtools/types'
import { cookie, fakeScriptSrc, visit, withFakeBffPerTest } from '../support/browserPage'
import { worker } from '../support/mswWorker'

const bff = withFakeBffPerTest()
const ids = (input?: Parameters<typeof diagnoseReferral>[0]): FindingId[] => diagnoseReferral(input).map((f) => f.id)
const status = () => screen.getByTestId('status').textContent
/** The provider's code and script status, as text. */
function UccProbe() {
  const { ucc, status } = useUcc()
  return (
    <p>
      <span data-testid="ucc">{ucc ?? 'none'}</span> <span data-testid="status">{status}</span>
    </p>
  )
}
/** A public host, for findings that depend on it (the tests run on localhost). */
const PRODUCTION = { href: 'https://www.moonly.com/signup', hostname: 'www.moonly.com', search: '' }

function SignupForm({ ucc = true }: { ucc?: boolean }) {
  return (
    <form aria-label="Sign up">
      <input type="email" name="email" aria-label="Email" />
      {ucc && <CelloUccInput />}
    </form>
  )
}

describe('diagnoseReferral in real Chromium', () => {
  it('finds nothing on a correctly configured page', async () => {
    visit('/signup?ucc=pNRB1aYqArN')
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()}>
        <UccProbe />
        <SignupForm />
      </CelloProvider>,
    )
    await waitFor(() => expect(status()).toBe('ready'))
    const probe = await probeCelloBff()
    expect(probe.status).toBe('mounted')
    expect(diagnoseReferral({ bff: probe })).toEqual([])
  })

  it('finds the sandbox attribution script on a production host, not on localhost', () => {
    render(<CelloProvider environment="sandbox" consent="denied" />)
    expect(ids()).not.toContain('sandbox_script_on_production_host')
    const [finding] = diagnoseReferral({ location: PRODUCTION }).filter(
      (f) => f.id === 'sandbox_script_on_production_host',
    )
    expect(finding).toMatchObject({ severity: 'error' })
    expect(finding!.message).toContain('https://assets.sandbox.cello.so/attribution/latest/cello-attribution.js')
    expect(finding!.message).toContain('www.moonly.com')
  })

  it('finds a cookieDomain that does not cover this host: the browser refused the cookie', async () => {
    visit('/?ucc=pNRB1aYqArN')
    render(
      <CelloProvider cookieDomain="www.example.com" scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(status()).toBe('blocked'))
    expect(cookie('cello-referral')).toBeNull()
    const finding = diagnoseReferral().find((f) => f.id === 'cookie_domain_mismatch')
    expect(finding).toMatchObject({ severity: 'error' })
    expect(finding!.message).toBe(
      `The cookie is for www.example.com, but this page is on ${location.hostname}: the browser refuses it, so the code is not kept.`,
    )
  })

  it('finds a host-only cookie that the signup page on another host cannot read', async () => {
    visit('/?ucc=pNRB1aYqArN')
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(cookie('cello-referral')).toBe('pNRB1aYqArN'))
    const finding = diagnoseReferral({ signupUrl: 'https://app.example.com/signup' }).find(
      (f) => f.id === 'cookie_domain_mismatch',
    )
    expect(finding!.message).toBe(
      `The cookie is for ${location.hostname}, your signup page is on app.example.com: it cannot read the code.`,
    )
    // A form on the page that posts there tells the same without being told.
    const form = document.body.appendChild(document.createElement('form'))
    form.action = 'https://app.example.com/signup'
    form.innerHTML = '<input type="email" name="email">'
    expect(ids()).toContain('cookie_domain_mismatch')
    form.remove()
  })

  it('finds consent pending: the code lives in memory only', () => {
    visit('/?ucc=pNRB1aYqArN')
    render(
      <CelloProvider consent="pending">
        <UccProbe />
      </CelloProvider>,
    )
    expect(cookie('cello-referral')).toBeNull()
    expect(diagnoseReferral().find((f) => f.id === 'consent_pending')).toMatchObject({
      severity: 'warn',
      message: 'Consent is pending: the code lives in memory only, and a full page load loses it.',
    })
  })

  it('finds the attribution script blocked, and capture still working', async () => {
    visit('/?ucc=pNRB1aYqArN')
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(status()).toBe('blocked'))
    const finding = diagnoseReferral().find((f) => f.id === 'script_blocked')
    expect(finding).toMatchObject({ severity: 'warn' })
    expect(finding!.message).toContain('capture still works')
    expect(screen.getByTestId('ucc').textContent).toBe('pNRB1aYqArN')
  })

  it('finds two CelloProviders, and no provider at all', () => {
    expect(ids()).toContain('no_provider')
    render(
      <>
        <CelloProvider consent="pending" />
        <CelloProvider consent="pending" />
      </>,
    )
    expect(diagnoseReferral().find((f) => f.id === 'multiple_providers')).toMatchObject({
      severity: 'warn',
      message: '2 CelloProviders are mounted: each captures and keeps its own state.',
    })
    expect(ids()).not.toContain('no_provider')
  })

  it('finds the BFF answering 404 at its base path', async () => {
    worker.use(http.all('/api/cello/*', () => new HttpResponse('Not Found', { status: 404 })))
    const probe = await probeCelloBff()
    expect(probe).toMatchObject({ baseUrl: '/api/cello', status: 'not_found', trace: { status: 404 } })
    expect(diagnoseReferral({ bff: probe }).find((f) => f.id === 'bff_not_found')).toMatchObject({
      severity: 'error',
      message: 'The BFF answers 404 at /api/cello: createCelloHandler is not mounted there.',
    })
    // The fake BFF of the other tests answers there: mounted, and nothing reported or sent to Cello.
    expect(bff().requests).toEqual([])
  })

  it('finds a signup form without the ucc field, and one with a stale value', () => {
    visit('/signup?ucc=pNRB1aYqArN')
    render(
      <CelloProvider consent="pending">
        <SignupForm ucc={false} />
        <form aria-label="Register">
          <input type="password" name="password" aria-label="Password" />
          <input type="hidden" name="ucc" defaultValue="oldCode1234" />
        </form>
        <form aria-label="Search">
          <input name="q" aria-label="Search" />
        </form>
      </CelloProvider>,
    )
    const findings = diagnoseReferral()
    expect(findings.find((f) => f.id === 'form_without_ucc')?.message).toBe(
      'The signup form "Sign up" has no ucc field: the code is not sent with it.',
    )
    expect(findings.find((f) => f.id === 'form_stale_ucc')?.message).toBe(
      'The signup form "Register" sends ucc "oldCode1234", not the current code "pNRB1aYqArN".',
    )
    // The search form is not a signup form.
    expect(findings.filter((f) => f.id.startsWith('form_'))).toHaveLength(2)
  })

  it('finds a code that is not valid (ignored), and one not shaped like Cello’s', () => {
    visit('/?ucc=not%20a%20code')
    render(<CelloProvider consent="pending" />)
    expect(diagnoseReferral().find((f) => f.id === 'invalid_code')).toMatchObject({
      severity: 'warn',
      message: "The link's referral code is not a valid code (10 characters): it is ignored.",
    })
    expect(ids({ location: { href: location.href, hostname: 'localhost', search: '?ucc=test' } })).toContain(
      'unusual_code',
    )
  })
})
