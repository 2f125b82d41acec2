import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CelloProvider, NewUserBanner, useCampaign, type DismissStorage } from '../../src'
import { fakeAttributionScriptUrl } from '../../src/testing'
import '../../src/styles.css'
import { fakeScriptSrc, recordCelloCommands, resetPage, visit } from '../support/browserPage'
import { UccProbe } from './UccProbe'

beforeEach(() => {
  resetPage()
  localStorage.clear()
})
afterEach(() => {
  cleanup()
  resetPage()
  localStorage.clear()
})

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
const title = (banner: HTMLElement) => banner.querySelector('.cello-banner__title')!.textContent

/** What the script answered to getCampaignConfig, once it has. */
function CampaignProbe() {
  const campaign = useCampaign()
  return <pre data-testid="campaign">{campaign ? JSON.stringify(campaign.raw) : 'none'}</pre>
}

describe('NewUserBanner in real Chromium', () => {
  it('shows the referrer and the offer from the script for a referred visitor', async () => {
    visit(`/?ucc=pNRB1aYqArN&celloN=${b64('Alice')}`)
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()}>
        <NewUserBanner cta={<a href="/signup">Claim it</a>} />
      </CelloProvider>,
    )
    const banner = screen.getByRole('region', { name: 'Referral offer' })
    expect(banner).toHaveTextContent('Alice invited you')
    await waitFor(() => expect(banner).toHaveTextContent('Alice invited you — 50% off for 6 months'))
    expect(screen.getByRole('link', { name: 'Claim it' })).toBeInTheDocument()
    expect(document.activeElement).toBe(document.body) // it never steals focus
  })

  it('asks the script for the campaign once, only when a banner mounts, and not at all without one', async () => {
    visit('/?ucc=campaignOnce')
    const src = fakeScriptSrc()
    const view = render(
      <CelloProvider scriptSrc={src}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('ready'))
    const commands = recordCelloCommands()
    await new Promise((r) => setTimeout(r, 50))
    expect(commands).toEqual([])
    view.rerender(
      <CelloProvider scriptSrc={src}>
        <UccProbe />
        <NewUserBanner data-testid="first" />
        <NewUserBanner data-testid="second" />
      </CelloProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('second')).toHaveTextContent('50% off for 6 months'))
    expect(screen.getByTestId('first')).toHaveTextContent('50% off for 6 months')
    expect(commands).toEqual(['getCampaignConfig'])
  })

  it('renders nothing for a visitor who was not referred', () => {
    render(
      <CelloProvider consent="pending">
        <NewUserBanner data-testid="banner" />
      </CelloProvider>,
    )
    expect(screen.queryByTestId('banner')).toBeNull()
  })

  it('refuses a name like <img src=x onerror=…> and shows the generic title, never markup', async () => {
    const name = '<img src=x onerror=alert(1)>'
    visit(`/?ucc=xssCode&celloN=${encodeURIComponent(b64(name))}`)
    const alert = vi.spyOn(window, 'alert').mockImplementation(() => {})
    render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    const banner = screen.getByRole('region')
    expect(title(banner)).toBe('You were invited')
    expect(banner.querySelector('img')).toBeNull()
    await new Promise((r) => setTimeout(r, 50))
    expect(alert).not.toHaveBeenCalled()
  })

  it('shows the name without bidi overrides, zero-width or control characters, cut after a whole word within 80', () => {
    // "Alice" wrapped in a right-to-left override, a zero-width space, an isolate, a BOM and a bell
    visit(`/?ucc=bidiCode&celloN=${encodeURIComponent(b64('\u202EAli\u200Bce\u2066\uFEFF\u0007'))}`)
    const view = render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    expect(title(screen.getByRole('region'))).toBe('Alice invited you')
    view.unmount()

    visit(`/?ucc=longName&celloN=${encodeURIComponent(b64('Bartholomew '.repeat(8)))}`)
    render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    expect(title(screen.getByRole('region'))).toBe(`${'Bartholomew '.repeat(6)}invited you`) // the whole words within 80 characters
  })

  it('shows only the title for an unbelievable campaign (1e+308% off for 1000000000 months)', async () => {
    visit(`/?ucc=hugeOffer&celloN=${b64('Alice')}`)
    const campaign = { newUserDiscountPercentage: 1e308, newUserDiscountMonths: 1_000_000_000 }
    render(
      <CelloProvider scriptSrc={fakeAttributionScriptUrl({ campaign })}>
        <NewUserBanner />
        <CampaignProbe />
      </CelloProvider>,
    )
    // The probe shows the script's answer; the banner renders from the same store in the same commit.
    await waitFor(() => expect(screen.getByTestId('campaign')).toHaveTextContent('"newUserDiscountPercentage":1e+308'))
    const banner = screen.getByRole('region')
    expect(title(banner)).toBe('Alice invited you')
    expect(banner.querySelector('.cello-banner__offer')).toBeNull()
    expect(banner).not.toHaveTextContent('%')
  })

  it('remembers a dismissal, by keyboard, in the given storage and across remounts', async () => {
    visit('/?ucc=dismissMe')
    const onDismiss = vi.fn()
    const view = render(
      <CelloProvider consent="pending">
        <NewUserBanner onDismiss={onDismiss} />
      </CelloProvider>,
    )
    const button = screen.getByRole('button', { name: 'Dismiss' })
    button.focus()
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    button.click() // Enter on a <button> is a click
    await waitFor(() => expect(screen.queryByRole('region')).toBeNull())
    expect(onDismiss).toHaveBeenCalledTimes(1)
    expect(localStorage.getItem('react-cello:banner-dismissed:dismissMe')).toBe('1')
    view.unmount()
    render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    expect(screen.queryByRole('region')).toBeNull()

    // A custom storage (e.g. a cookie the server can read) is used instead.
    cleanup()
    const keys = new Set<string>()
    const storage: DismissStorage = { get: (k) => keys.has(k), set: (k) => void keys.add(k) }
    visit('/?ucc=otherCode')
    render(
      <CelloProvider consent="pending">
        <NewUserBanner storage={storage} />
      </CelloProvider>,
    )
    screen.getByRole('button', { name: 'Dismiss' }).click()
    await waitFor(() => expect(screen.queryByRole('region')).toBeNull())
    expect([...keys]).toEqual(['react-cello:banner-dismissed:otherCode'])
  })

  it('replaces every text, with functions for names and numbers, and supports the headless form', async () => {
    visit(`/?ucc=i18nCode&celloN=${b64('Zoë')}`)
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()}>
        <NewUserBanner
          dir="rtl"
          lang="ar"
          messages={{
            label: 'عرض الإحالة',
            title: ({ referrerName }) => `${referrerName} دعاك`,
            offer: ({ percentage, months }) => `خصم ${percentage}٪ لمدة ${months} أشهر`,
            dismiss: 'إغلاق',
          }}
        />
        <NewUserBanner>{(s) => <output>{`${s.referrerName}|${s.percentage ?? '-'}|${s.ucc}`}</output>}</NewUserBanner>
      </CelloProvider>,
    )
    const banner = screen.getByRole('region', { name: 'عرض الإحالة' })
    expect(banner).toHaveAttribute('dir', 'rtl')
    expect(screen.getByRole('button', { name: 'إغلاق' })).toBeInTheDocument()
    await waitFor(() => expect(banner).toHaveTextContent('Zoë دعاك — خصم 50٪ لمدة 6 أشهر'))
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Zoë|50|i18nCode'))
    // Logical properties: in RTL the dismiss button sits on the left.
    const button = screen.getByRole('button', { name: 'إغلاق' }).getBoundingClientRect()
    expect(button.left).toBeLessThan(banner.getBoundingClientRect().left + banner.getBoundingClientRect().width / 2)
  })
})
