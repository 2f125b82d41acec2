// resetCello forgets every piece of page-wide state (src/runtime/pageState.ts), as a new page load
// would; test/runtime/pageState.unit.test.ts checks that each module-level variable has its reset.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CelloProvider, NewUserBanner } from '../../src'
import { resetCello } from '../../src/testing/resetCello'

afterEach(() => {
  cleanup()
  resetCello({ cookies: true })
  history.replaceState(null, '', '/')
})

const banner = () => (
  <CelloProvider consent="pending" initialReferral={{ ucc: 'dismissMe', referrerName: 'Bea' }}>
    <NewUserBanner />
  </CelloProvider>
)

describe('resetCello', () => {
  // Issue 21: the banners dismissed in memory (no localStorage: Safari private mode, a sandboxed
  // iframe) outlived resetCello, so the next story or test saw the banner dismissed.
  it('forgets a banner dismissed in memory: a new visit shows it again', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    render(banner())
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Referral offer' })).toBeNull()
    cleanup()

    resetCello()
    render(banner())
    expect(screen.getByRole('region', { name: 'Referral offer' }).textContent).toContain('Bea invited you')
  })

  it('tells a mounted banner: it shows again without a remount', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    render(banner())
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Referral offer' })).toBeNull()
    act(() => resetCello())
    expect(screen.getByRole('region', { name: 'Referral offer' })).toBeTruthy()
  })

  it('forgets the referral captured from the URL', () => {
    history.replaceState(null, '', '/?ucc=fromTheUrl')
    const { unmount } = render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    expect(screen.getByRole('region', { name: 'Referral offer' })).toBeTruthy()
    unmount()
    history.replaceState(null, '', '/')
    render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    // Still the page's referral, as within one page load…
    expect(screen.getByRole('region', { name: 'Referral offer' })).toBeTruthy()
    cleanup()
    // …and forgotten by a reset, as by a new page load.
    resetCello()
    render(
      <CelloProvider consent="pending">
        <NewUserBanner />
      </CelloProvider>,
    )
    expect(screen.queryByRole('region', { name: 'Referral offer' })).toBeNull()
  })
})

describe('resetCello and script tags', () => {
  // The CelloDevtools "Script Blocked" story failed now and then: the tags earlier stories had
  // injected from data: URLs (the fake script's) outlived resetCello, which only matched
  // "cello-attribution" in the URL, and the panel reported "4 different attribution scripts".
  it('removes every tag CelloProvider injected, whatever its URL', () => {
    const injected = Object.assign(document.createElement('script'), { src: 'data:text/javascript,1' })
    injected.dataset.cello = ''
    const byUrl = Object.assign(document.createElement('script'), {
      src: 'https://assets.cello.so/attribution/latest/cello-attribution.js',
    })
    const other = Object.assign(document.createElement('script'), { src: 'data:text/javascript,2' })
    document.head.append(injected, byUrl, other)
    resetCello()
    expect(injected.isConnected).toBe(false)
    expect(byUrl.isConnected).toBe(false)
    expect(other.isConnected).toBe(true)
    other.remove()
  })
})
