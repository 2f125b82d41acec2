import { renderToString } from 'react-dom/server'
import { JSDOM } from 'jsdom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CelloProvider, loadCelloAttribution, NewUserBanner, useCampaign, useUcc } from '../../src'
import { resetCello } from '../../src/testing/resetCello'

function Landing() {
  const { ucc, source, status, referrerName } = useUcc()
  const campaign = useCampaign()
  return (
    <p>
      {referrerName ? `${referrerName} invited you` : 'Welcome'} · code {ucc ?? 'none'} · from {source ?? 'nowhere'} ·{' '}
      {status} · {campaign ? 'offer' : 'no offer'}
    </p>
  )
}

/** The server HTML without React's text separators. */
const text = (element: React.ReactElement) => renderToString(element).replace(/<!-- -->/g, '')

const globals = ['window', 'document', 'navigator', 'history', 'location'] as const
// The hydrated root of the test, unmounted before its page goes: a provider left mounted went on
// with its deferred work (loading the link decorator) after `document` was deleted, an unhandled
// ReferenceError in a later test.
let unmountPage: (() => Promise<void>) | undefined
afterEach(async () => {
  await unmountPage?.()
  unmountPage = undefined
  resetCello() // one Node process plays several page loads
  for (const name of globals) Reflect.deleteProperty(globalThis, name)
})

describe('server rendering (no window)', () => {
  it('renders the provider and a useUcc consumer without touching window or document', () => {
    expect(typeof window).toBe('undefined')
    const html = text(
      <CelloProvider environment="sandbox">
        <Landing />
      </CelloProvider>,
    )
    expect(html).toContain('Welcome · code none · from nowhere · disabled · no offer')
  })

  it('renders initialReferral from the server', () => {
    const html = text(
      <CelloProvider initialReferral={{ ucc: 'pNRB1aYqArN', referrerName: 'Alice' }}>
        <Landing />
      </CelloProvider>,
    )
    expect(html).toContain('Alice invited you · code pNRB1aYqArN · from server · disabled')
  })

  it('loadCelloAttribution resolves null on the server', async () => {
    await expect(loadCelloAttribution()).resolves.toBeNull()
  })

  it('hydrates the server HTML with initialReferral and no mismatch warning, then takes the client view', async () => {
    const referral = { ucc: 'pNRB1aYqArN', referrerName: 'Alice' }
    const app = (
      <CelloProvider initialReferral={referral} consent="pending">
        <Landing />
      </CelloProvider>
    )
    const html = renderToString(app)

    // The browser: the same code in the URL (so the client's own view differs: source "url").
    const { container, recoverable, errors } = await hydrateInBrowser(
      app,
      html,
      'https://shop.example/?ucc=pNRB1aYqArN&celloN=QWxpY2U',
    )
    expect(recoverable).toEqual([])
    expect(errors).not.toHaveBeenCalled()
    expect(container.textContent).toContain('Alice invited you · code pNRB1aYqArN · from url · disabled')
  })

  it('renders the same NewUserBanner on the server and the client, with no hydration warning', async () => {
    const app = (
      <CelloProvider initialReferral={{ ucc: 'pNRB1aYqArN', referrerName: '<b>Alice</b>' }} consent="pending">
        <NewUserBanner placement="top" />
      </CelloProvider>
    )
    const html = renderToString(app)
    expect(html).toContain('&lt;b&gt;Alice&lt;/b&gt; invited you')
    expect(html).toContain('aria-label="Referral offer"')

    const { container, recoverable, errors } = await hydrateInBrowser(app, html, 'https://shop.example/pricing')
    expect(recoverable).toEqual([])
    expect(errors).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe(html)
  })
})

/**
 * Plays the browser after a server render: a JSDOM page holding `html` at `url` becomes the global
 * window, and React hydrates `app` into it. Returns what a mismatch would have produced.
 */
async function hydrateInBrowser(app: React.ReactElement, html: string, url: string) {
  const dom = new JSDOM(`<!doctype html><div id="root">${html}</div>`, { url })
  for (const name of globals) Object.assign(globalThis, { [name]: dom.window[name] })
  Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true })
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const recoverable: unknown[] = []
  // Imported after the globals exist, as in a browser.
  const { hydrateRoot } = await import('react-dom/client')
  const { act } = await import('react')
  const container = dom.window.document.getElementById('root')!
  let root: ReturnType<typeof hydrateRoot> | undefined
  await act(async () => {
    root = hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) })
  })
  unmountPage = () => act(async () => root?.unmount())
  return { container, recoverable, errors }
}
