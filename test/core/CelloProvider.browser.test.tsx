import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CelloProvider, type CelloError, type UccState } from '../../src'
import { celloScriptTags, cookie, fakeScriptSrc, recordCelloCommands, resetPage, visit } from '../support/browserPage'
import { UccProbe } from './UccProbe'

beforeEach(resetPage)
afterEach(() => {
  cleanup()
  resetPage()
})

const text = (id: string) => screen.getByTestId(id).textContent
const never = () => Promise.reject(new Error('not used in this test'))
const noBff = { getActiveLink: never, validateReferralCode: never, reportSignup: never }

describe('CelloProvider in real Chromium', () => {
  it('adds one script tag under StrictMode, and still one with two providers and a remount', async () => {
    const src = fakeScriptSrc()
    const view = render(
      <StrictMode>
        <CelloProvider scriptSrc={src} nonce="abc123">
          <UccProbe />
        </CelloProvider>
        <CelloProvider scriptSrc={src} nonce="abc123">
          <span>second provider</span>
        </CelloProvider>
      </StrictMode>,
    )
    await waitFor(() => expect(text('status')).toBe('ready'))
    view.unmount()
    // Nothing is torn down on unmount, and a remount adopts the same tag.
    expect(celloScriptTags()).toHaveLength(1)
    render(
      <CelloProvider scriptSrc={src}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('ready'))
    const tags = celloScriptTags()
    expect(tags).toHaveLength(1)
    expect(tags[0]!.type).toBe('module')
    expect(tags[0]!.async).toBe(true)
    expect(tags[0]!.nonce).toBe('abc123')
  })

  it('has the code from the URL on the first render while the script takes 2 s to load', async () => {
    visit('/landing?ucc=pNRB1aYqArN&celloN=QWxpY2U')
    const renders: UccState[] = []
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ delayMs: 2000 })}>
        <UccProbe renders={renders} />
      </CelloProvider>,
    )
    expect(renders[0]).toMatchObject({ ucc: 'pNRB1aYqArN', source: 'url', status: 'loading', referrerName: 'Alice' })
    await waitFor(() => expect(text('status')).toBe('ready'), { timeout: 6000 })
    expect(text('ucc')).toBe('pNRB1aYqArN')
    // Status changed once (loading → ready) while the code never did.
    expect(new Set(renders.map((r) => r.ucc))).toEqual(new Set(['pNRB1aYqArN']))
  })

  // Issue 20: productId from the URL kept CR/LF and `;`.
  it('keeps a product id from the URL only when it is one (no CR, LF or `;`)', () => {
    for (const [productId, kept] of [
      ['www.ordio.com', 'www.ordio.com'],
      ['moon\r\nly', null],
      ['moon;ly', null],
      ['x'.repeat(256), null],
    ] as const) {
      resetPage()
      visit(`/landing?${new URLSearchParams({ ucc: 'productCode1', productId })}`)
      const renders: UccState[] = []
      const view = render(
        <CelloProvider consent="pending">
          <UccProbe renders={renders} />
        </CelloProvider>,
      )
      expect(renders[0]).toMatchObject({ ucc: 'productCode1', productId: kept })
      view.unmount()
    }
  })

  it('keeps the code and reports "blocked" when the script answers 404', async () => {
    visit('/?ucc=blocked_Code-1')
    const onError = vi.fn<(error: CelloError) => void>()
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })} onError={onError}>
        <UccProbe />
      </CelloProvider>,
    )
    expect(text('ucc')).toBe('blocked_Code-1')
    await waitFor(() => expect(text('status')).toBe('blocked'))
    expect(text('ucc')).toBe('blocked_Code-1')
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]![0].code).toBe('script_load_failed')
    // The package wrote the cookie itself, so the code survives the blocked script.
    expect(cookie('cello-referral')).toBe('blocked_Code-1')
  })

  it('keeps the code from the URL and reports cookie_blocked when the browser refuses cookies', async () => {
    visit('/?ucc=sandboxed_Code')
    const refusal = new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError')
    // What a sandboxed iframe without allow-same-origin does: every cookie write throws.
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => '',
      set: () => {
        throw refusal
      },
    })
    try {
      const onError = vi.fn<(error: CelloError) => void>()
      // Cello's own script writes cookies too and would fail there as well: this one is blocked.
      render(
        <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })} onError={onError}>
          <UccProbe />
        </CelloProvider>,
      )
      await waitFor(() => expect(text('status')).toBe('blocked'))
      expect(text('ucc')).toBe('sandboxed_Code')
      const codes = onError.mock.calls.map(([error]) => error.code)
      expect(codes).toEqual(['cookie_blocked', 'script_load_failed'])
      expect(onError.mock.calls[0]![0].cause).toBe(refusal)
    } finally {
      // The instance property goes; Document.prototype's real accessor is back.
      Reflect.deleteProperty(document, 'cookie')
    }
  })

  it('reports a failure to the onError of the latest render, not the one the load started with', async () => {
    const src = fakeScriptSrc({ delayMs: 200, status: 404 })
    const first = vi.fn()
    const latest = vi.fn()
    const view = render(
      <CelloProvider scriptSrc={src} onError={first}>
        <UccProbe />
      </CelloProvider>,
    )
    view.rerender(
      <CelloProvider scriptSrc={src} onError={latest}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('blocked'))
    expect(first).not.toHaveBeenCalled()
    expect(latest).toHaveBeenCalledTimes(1)
  })

  it('reports "blocked" with script_timeout when the script is slower than timeoutMs', async () => {
    visit('/?ucc=slowCode')
    const onError = vi.fn<(error: CelloError) => void>()
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ delayMs: 3000 })} timeoutMs={300} onError={onError}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('blocked'))
    expect(onError.mock.calls[0]![0].code).toBe('script_timeout')
    expect(text('ucc')).toBe('slowCode')
  })

  it('reads the code from the cookie on a later visit with no query', async () => {
    visit('/?ucc=firstVisit1')
    const first = render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(cookie('cello-referral')).toBe('firstVisit1'))
    first.unmount()
    resetPageButKeepCookies()
    visit('/pricing')
    const renders: UccState[] = []
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe renders={renders} />
      </CelloProvider>,
    )
    expect(renders[0]).toMatchObject({ ucc: 'firstVisit1', source: 'cookie' })
  })

  it('loads nothing and writes nothing while consent is pending, then both once granted', async () => {
    visit('/?ucc=consentCode')
    const src = fakeScriptSrc()
    const view = render(
      <CelloProvider scriptSrc={src} consent="pending">
        <UccProbe />
      </CelloProvider>,
    )
    // The in-memory capture serves the current page.
    expect(text('ucc')).toBe('consentCode')
    expect(text('status')).toBe('disabled')
    await new Promise((r) => setTimeout(r, 100))
    expect(celloScriptTags()).toHaveLength(0)
    expect(cookie('cello-referral')).toBeNull()
    view.rerender(
      <CelloProvider scriptSrc={src} consent="granted">
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('ready'))
    expect(celloScriptTags()).toHaveLength(1)
    expect(cookie('cello-referral')).toBe('consentCode')
  })

  it('deletes the cello-* cookies when consent is denied', async () => {
    document.cookie = 'cello-referral=oldCode; Path=/'
    document.cookie = 'cello-product-id=prod; Path=/'
    document.cookie = 'other=keep; Path=/'
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()} consent="denied">
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(cookie('cello-referral')).toBeNull())
    expect(cookie('cello-product-id')).toBeNull()
    expect(cookie('other')).toBe('keep')
    expect(text('ucc')).toBe('none')
    expect(text('status')).toBe('disabled')
    expect(celloScriptTags()).toHaveLength(0)
  })

  it('deletes cello-* cookies set on a path other than / when consent is denied', async () => {
    visit('/signup/x')
    // A page really loaded at /signup/x: Chromium's document.cookie keeps the URL a document was
    // loaded with, so the test page (loaded at /) would not see these cookies even before deletion.
    const page = document.createElement('iframe')
    page.src = '/signup/x'
    const loaded = new Promise((resolve) => page.addEventListener('load', resolve, { once: true }))
    document.body.append(page)
    await loaded
    const pageCookies = () => page.contentDocument!.cookie
    // The page cannot read a cookie's path; the last one gets the default path, /signup.
    for (const c of [
      'cello-referral=pathCode; Path=/signup',
      'cello-product-id=prod; Path=/signup/',
      'other=keep; Path=/signup',
      'cello-cookie-consent=1',
    ]) {
      page.contentDocument!.cookie = c
    }
    expect(
      pageCookies()
        .match(/cello-[\w-]+/g)
        ?.sort(),
    ).toEqual(['cello-cookie-consent', 'cello-product-id', 'cello-referral'])
    try {
      render(
        <CelloProvider consent="denied">
          <UccProbe />
        </CelloProvider>,
      )
      await waitFor(() => expect(pageCookies()).not.toMatch(/cello-/))
      expect(pageCookies()).toBe('other=keep')
      expect(text('status')).toBe('disabled')
    } finally {
      for (const name of ['cello-referral', 'cello-product-id', 'cello-cookie-consent', 'other']) {
        for (const path of ['/signup', '/signup/']) document.cookie = `${name}=; Max-Age=0; Path=${path}`
      }
      page.remove()
    }
  })

  it('keeps the code when a router strips the query, and picks up a new one from client-side navigation', async () => {
    visit('/landing?ucc=navCode1')
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    history.replaceState(null, '', '/signup')
    await new Promise((r) => setTimeout(r, 50))
    expect(text('ucc')).toBe('navCode1')
    history.pushState(null, '', '/pricing?ucc=navCode2')
    await waitFor(() => expect(text('ucc')).toBe('navCode2'))
    expect(text('source')).toBe('url')
    await waitFor(() => expect(cookie('cello-referral')).toBe('navCode2'))
  })

  it('reports a cookieDomain that is not a domain name to onError, writes nothing, and keeps the code', async () => {
    visit('/?ucc=domainCode')
    const onError = vi.fn<(error: CelloError) => void>()
    render(
      <CelloProvider
        scriptSrc={fakeScriptSrc({ status: 404 })}
        cookieDomain="evil.example; SameSite=None"
        onError={onError}
      >
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('blocked'))
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(['invalid_argument', 'script_load_failed'])
    expect(onError.mock.calls[0]![0].message).toContain('cookieDomain')
    expect(cookie('cello-referral')).toBeNull()
    expect(text('ucc')).toBe('domainCode')
  })

  it('leaves a cookie that already holds the code alone (a server-set cookie must not become script-set)', async () => {
    document.cookie = 'cello-referral=serverSet1; Path=/; Max-Age=7776000'
    visit('/landing?ucc=serverSet1')
    const writes: string[] = []
    const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => descriptor.get!.call(document) as string,
      set: (value: string) => {
        writes.push(value)
        descriptor.set!.call(document, value)
      },
    })
    try {
      render(
        <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
          <UccProbe />
        </CelloProvider>,
      )
      await waitFor(() => expect(text('status')).toBe('blocked'))
      history.pushState(null, '', '/pricing')
      await new Promise((r) => setTimeout(r, 50))
      expect(writes.filter((w) => w.startsWith('cello-referral='))).toEqual([])
      expect(text('ucc')).toBe('serverSet1')
    } finally {
      delete (document as { cookie?: string }).cookie
    }
  })

  it('lets a new referral link win over an older cookie (last click), and rewrites the cookie', async () => {
    document.cookie = 'cello-referral=olderCode1; Path=/'
    visit('/?ucc=newerCode2')
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    expect(text('ucc')).toBe('newerCode2')
    expect(text('source')).toBe('url')
    await waitFor(() => expect(cookie('cello-referral')).toBe('newerCode2'))
  })

  it('tries the script again on the next mount after it was blocked', async () => {
    visit('/?ucc=retryCode')
    const first = render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('blocked'))
    first.unmount()
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()}>
        <UccProbe />
      </CelloProvider>,
    )
    await waitFor(() => expect(text('status')).toBe('ready'))
    expect(celloScriptTags()).toHaveLength(1)
  })

  it('unmounted while the script loads: no onError, no unhandled rejection, and nothing torn down', async () => {
    visit('/?ucc=leavingCode')
    const unhandled: unknown[] = []
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason)
    window.addEventListener('unhandledrejection', onUnhandled)
    const onError = vi.fn()
    const errors = vi.spyOn(console, 'error')
    const view = render(
      <CelloProvider scriptSrc={fakeScriptSrc({ delayMs: 300, status: 404 })} onError={onError}>
        <UccProbe />
      </CelloProvider>,
    )
    view.unmount()
    await new Promise((r) => setTimeout(r, 600))
    window.removeEventListener('unhandledrejection', onUnhandled)
    expect(onError).not.toHaveBeenCalled()
    expect(unhandled).toEqual([])
    expect(errors).not.toHaveBeenCalled()
    expect(cookie('cello-referral')).toBe('leavingCode')
  })

  it('does not reload or ask again when re-rendered with new inline objects (paramNames, bff, handlers)', async () => {
    visit('/?ref=inlineCode')
    const src = fakeScriptSrc()
    const tree = () => (
      <CelloProvider scriptSrc={src} paramNames={{ ucc: 'ref' }} bff={{ ...noBff }} onError={() => {}}>
        <UccProbe />
      </CelloProvider>
    )
    const view = render(tree())
    await waitFor(() => expect(text('status')).toBe('ready'))
    const commands = recordCelloCommands()
    for (let i = 0; i < 3; i++) view.rerender(tree())
    await new Promise((r) => setTimeout(r, 100))
    expect(commands).toEqual([])
    expect(celloScriptTags()).toHaveLength(1)
    expect(text('ucc')).toBe('inlineCode')
  })

  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['a 10 kB string', 'a'.repeat(10_000)],
    ['non-ASCII', 'cödé'],
    ['cookie injection', 'abc; Domain=evil.example; x=y'],
    ['an equals sign', 'abc=def'],
  ])('ignores a malformed code: %s', async (_label, code) => {
    visit(`/?ucc=${encodeURIComponent(code)}`)
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    render(
      <CelloProvider scriptSrc={fakeScriptSrc({ status: 404 })} debug>
        <UccProbe />
      </CelloProvider>,
    )
    expect(text('ucc')).toBe('none')
    await waitFor(() => expect(text('status')).toBe('blocked'))
    expect(cookie('cello-referral')).toBeNull()
    expect(document.body.innerHTML).not.toContain(code.slice(0, 20))
    expect(debug.mock.calls.some(([message]) => String(message).includes('ignored an invalid referral code'))).toBe(
      true,
    )
  })
})

function resetPageButKeepCookies() {
  const saved = document.cookie
  resetPage()
  for (const part of saved.split('; ')) if (part) document.cookie = `${part}; Path=/`
}
