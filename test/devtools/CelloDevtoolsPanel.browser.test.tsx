import { render, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { CelloProvider, CelloUccInput } from '../../src'
import { CelloDevtoolsPanel } from '../../src/devtools/CelloDevtoolsPanel'
import { fakeScriptSrc, visit, withFakeBffPerTest } from '../support/browserPage'

const bff = withFakeBffPerTest()

/** The panel's shadow root, as a container testing-library can query. */
function shadow(): HTMLElement {
  const root = document.querySelector('[data-cello-devtools]')?.shadowRoot
  if (!root) throw new Error('no devtools shadow root')
  return root as unknown as HTMLElement
}
const toggle = () => within(shadow()).getByRole('button', { name: 'Cello devtools' })
const active = () => (shadow() as unknown as ShadowRoot).activeElement

let appStyle: HTMLStyleElement | undefined
afterEach(() => appStyle?.remove())

describe('CelloDevtoolsPanel in real Chromium', () => {
  it('opens with the keyboard, closes on Escape and gives the focus back to its button', async () => {
    render(
      <CelloProvider consent="pending">
        <button type="button">the app's button</button>
        <CelloDevtoolsPanel />
      </CelloProvider>,
    )
    await waitFor(() => toggle())
    expect(toggle()).toHaveAttribute('aria-expanded', 'false')
    // Tab from the app reaches the corner button inside the shadow root.
    document.querySelector<HTMLButtonElement>('button')!.focus()
    await userEvent.keyboard('{Tab}')
    expect(active()).toBe(toggle())
    await userEvent.keyboard('{Enter}')
    const dialog = within(shadow()).getByRole('dialog', { name: 'Cello devtools' })
    expect(toggle()).toHaveAttribute('aria-expanded', 'true')
    expect(active()).toBe(dialog)
    await userEvent.keyboard('{Escape}')
    expect(within(shadow()).queryByRole('dialog')).toBeNull()
    expect(active()).toBe(toggle())
    // Space opens it again, and its Close button closes it.
    await userEvent.keyboard(' ')
    within(shadow()).getByRole('button', { name: 'Close' }).click()
    await waitFor(() => expect(within(shadow()).queryByRole('dialog')).toBeNull())
    expect(active()).toBe(toggle())
  })

  it("keeps the app's styles out of the panel and the panel's styles out of the app", async () => {
    appStyle = document.head.appendChild(document.createElement('style'))
    appStyle.textContent =
      'button { color: rgb(255, 0, 0) !important; font-family: serif !important } body { color: rgb(0, 128, 0); font-size: 40px } .toggle { background: rgb(255, 255, 0) }'
    render(
      <CelloProvider consent="pending">
        <button type="button" className="toggle">
          app
        </button>
        <CelloDevtoolsPanel initialIsOpen />
      </CelloProvider>,
    )
    await waitFor(() => within(shadow()).getByRole('dialog'))
    const style = getComputedStyle(toggle())
    expect(style.color).toBe('rgb(255, 255, 255)')
    expect(style.fontFamily).toBe('ui-sans-serif, system-ui, sans-serif')
    expect(style.backgroundColor).toBe('rgb(33, 18, 74)')
    const heading = within(shadow()).getByRole('heading', { name: 'Cello devtools', level: 2 })
    expect(getComputedStyle(heading).color).toBe('rgb(29, 29, 31)')
    expect(getComputedStyle(heading).fontSize).toBe('15px')
    // The app's own .toggle button gets none of the panel's rules.
    const app = document.querySelector<HTMLButtonElement>('button.toggle')!
    expect(getComputedStyle(app).backgroundColor).toBe('rgb(255, 255, 0)')
    expect(getComputedStyle(app).borderRadius).toBe('0px')
    expect(getComputedStyle(app).color).toBe('rgb(255, 0, 0)')
  })

  it('shows the findings and each part live, the BFF routes, and the trace hint when the route is off', async () => {
    visit('/signup?ucc=pNRB1aYqArN')
    render(
      <CelloProvider consent="pending">
        <form aria-label="Sign up">
          <input type="email" name="email" aria-label="Email" />
          <CelloUccInput />
        </form>
        <CelloDevtoolsPanel initialIsOpen refreshMs={100} />
      </CelloProvider>,
    )
    const panel = await waitFor(() => within(shadow()).getByRole('dialog'))
    expect(within(panel).getByRole('list', { name: 'Findings' })).toHaveTextContent(
      'Consent is pending: the code lives in memory only, and a full page load loses it.',
    )
    expect(toggle()).toHaveAccessibleDescription('1 problem')
    expect(within(panel).getByRole('region', { name: 'Code' })).toHaveTextContent('pNRB1aYqArN')
    expect(within(panel).getByRole('region', { name: 'Consent' })).toHaveTextContent('pending')
    expect(within(panel).getByRole('region', { name: 'Forms' })).toHaveTextContent('Sign up')
    await waitFor(() =>
      expect(within(panel).getByRole('region', { name: /^BFF/ })).toHaveTextContent('POST /signups405'),
    )
    expect(within(panel).getByRole('region', { name: 'Your events (server trace)' })).toHaveTextContent('Not enabled')
    // Live: a stale form added to the page shows up without reopening.
    const stale = document.body.appendChild(document.createElement('form'))
    stale.setAttribute('aria-label', 'Register')
    stale.innerHTML = '<input type="email" name="email"><input type="hidden" name="ucc" value="oldCode1234">'
    await waitFor(() => expect(panel).toHaveTextContent('The signup form "Register" sends ucc "oldCode1234"'))
    stale.remove()
    expect(bff().signups).toEqual([])
  })

  it("shows the signed-in user's events when the server's trace route answers", async () => {
    bff().trace = { events: [{ key: 'new-signup:user-1', state: 'delivered', attempts: [{ status: 200 }] }] }
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()}>
        <CelloDevtoolsPanel initialIsOpen />
      </CelloProvider>,
    )
    const panel = await waitFor(() => within(shadow()).getByRole('dialog'))
    await waitFor(() =>
      expect(within(panel).getByRole('region', { name: 'Your events (server trace)' })).toHaveTextContent(
        '"new-signup:user-1"',
      ),
    )
  })
})
