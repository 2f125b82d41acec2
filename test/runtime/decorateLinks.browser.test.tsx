// Link decoration and cookieDomain 'auto' in real Chromium, through CelloProvider: what a followed
// link carries (crossDomains; this origin while consent is pending) and that the probe leaves no
// cookie behind. Journeys on real host names: test/e2e/hopsCapture.e2e.test.ts.
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CelloProvider, type CelloConsent } from '../../src'
import { autoCookieDomain } from '../../src/runtime/autoCookieDomain'
import { cookie, fakeScriptSrc, resetPage, visit } from '../support/browserPage'

const UCC = 'abcDEF12345'
beforeEach(resetPage)
afterEach(() => {
  cleanup()
  resetPage()
})

/** Renders the provider with a link to `href`, and clicks it (its navigation cancelled); returns its href once decorated or after 1 s. */
async function follow(href: string, props: { crossDomains?: string[]; consent?: CelloConsent }, decorated: boolean) {
  render(
    <CelloProvider scriptSrc={fakeScriptSrc()} {...props}>
      <a href={href} onClick={(event) => event.preventDefault()}>
        go
      </a>
    </CelloProvider>,
  )
  const link = screen.getByRole('link', { name: 'go' })
  // The decoration loads by import(): click until it has, or for a second when nothing should change.
  if (decorated) {
    await waitFor(
      () => {
        link.click()
        expect(link.getAttribute('href')).toContain('ucc=')
      },
      { timeout: 10_000 },
    )
  } else {
    for (let i = 0; i < 10; i++) {
      link.click()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return link.getAttribute('href')
}

describe('link decoration in real Chromium', () => {
  it('adds the code and the name to a followed link to a listed domain', async () => {
    visit(`/?ucc=${UCC}&celloN=QWxpY2U`)
    expect(await follow('https://app.example.io/signup', { crossDomains: ['example.io'] }, true)).toBe(
      `https://app.example.io/signup?ucc=${UCC}&celloN=QWxpY2U%3D`,
    )
  })

  it('adds nothing to a link to an unlisted domain', async () => {
    visit(`/?ucc=${UCC}`)
    expect(await follow('https://elsewhere.example/', { crossDomains: ['example.io'] }, false)).toBe(
      'https://elsewhere.example/',
    )
  })

  it('carries the code to this origin while consent is pending, and not once denied', async () => {
    visit(`/?ucc=${UCC}`)
    expect(await follow('/signup', { consent: 'pending' }, true)).toBe(
      new URL(`/signup?ucc=${UCC}`, location.href).href,
    )
    cleanup()
    resetPage()
    visit(`/?ucc=${UCC}`)
    expect(await follow('/signup', { consent: 'denied', crossDomains: ['example.io'] }, false)).toBe('/signup')
    expect(cookie('cello-referral')).toBeNull()
  })
})

describe("cookieDomain 'auto' in real Chromium", () => {
  it('is host-only on localhost and leaves no probe cookie', () => {
    expect(location.hostname).toBe('localhost')
    expect(autoCookieDomain()).toBeUndefined()
    expect(document.cookie).not.toContain('cello-probe')
  })

  it('writes the cookie host-only there', async () => {
    visit(`/?ucc=${UCC}`)
    render(<CelloProvider scriptSrc={fakeScriptSrc()} cookieDomain="auto" />)
    await waitFor(() => expect(cookie('cello-referral')).toBe(UCC))
  })
})
