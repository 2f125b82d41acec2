import { render, screen, waitFor } from '@testing-library/react'
import { StrictMode, useEffect, type ReactNode } from 'react'
import { userEvent } from 'vitest/browser'
import { describe, expect, it, vi } from 'vitest'
import { CelloReferralLauncher, useCelloReferral, type UseCelloReferralOptions } from '../../src/referral'
import { CelloProvider, createFetchBff } from '../../src'
import {
  fakeCelloReferral,
  fakeReferralScriptUrl,
  type FakeReferralScriptOptions,
} from '../../src/testing/fakes/fakeReferralScript'
import { TEST_WIDGET } from '../support/bffHandlers'
import { signWidgetToken } from '../../src/server/tokens/signWidgetToken'
import { loadCelloReferral } from '../../src/runtime/referral/loadCelloReferral'
import { withFakeBffPerTest } from '../support/browserPage'

const bff = withFakeBffPerTest()

type Props = Omit<UseCelloReferralOptions, 'productId'>

function Referral(props: Props) {
  const referral = useCelloReferral({ productId: TEST_WIDGET.productId, ...props })
  return <p data-testid="status">{referral.status + (referral.error ? ` ${referral.error.code}` : '')}</p>
}

/** Renders under StrictMode (effects run, are cleaned up and run again) inside a CelloProvider. */
function strict(ui: ReactNode) {
  return (
    <StrictMode>
      <CelloProvider>{ui}</CelloProvider>
    </StrictMode>
  )
}

const status = () => screen.getByTestId('status').textContent
const commands = () =>
  fakeCelloReferral().calls.map(
    (call) => `${call.command}${call.productUserId ? `:${call.productUserId}` : ''}${call.ok ? '' : ' (refused)'}`,
  )
const user = (productUserId: string) => ({
  productUserId,
  productUserDetails: { email: `${productUserId}@example.com`, firstName: 'Ada', lastName: 'Lovelace' },
})
const widgetTokenRequests = () => bff().requests.filter((request) => request.endsWith('/widget-token')).length
/** Lets every queued effect, microtask and fetch settle, so that "nothing more happened" is checked after the fact. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

function setup(options: Partial<FakeReferralScriptOptions> = {}) {
  bff().widget = TEST_WIDGET
  return fakeReferralScriptUrl({ ...TEST_WIDGET, ...options })
}

describe('useCelloReferral: lifecycle under StrictMode (recorded by the fake cello.js)', () => {
  it('boots once per user, shuts down once between users, and sends nothing after sign-out', async () => {
    const scriptSrc = setup()
    bff().user = 'user-1'
    const { rerender } = render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} language="en" />))
    await waitFor(() => expect(status()).toBe('ready'))
    expect(commands()).toEqual(['boot:user-1'])
    const boot = fakeCelloReferral().calls[0]!.args[0] as Record<string, unknown>
    expect(boot).toMatchObject({
      productId: TEST_WIDGET.productId,
      language: 'en',
      productUserDetails: { email: 'user-1@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    })
    expect(boot).not.toHaveProperty('customLauncherSelector') // Cello's own launcher: no selector

    // A new object for the same user, and re-renders: no reboot.
    rerender(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} language="en" />))
    await settle()
    expect(commands()).toEqual(['boot:user-1'])

    bff().user = 'user-2'
    rerender(strict(<Referral scriptSrc={scriptSrc} user={user('user-2')} language="en" />))
    await waitFor(() => expect(fakeCelloReferral().session()?.productUserId).toBe('user-2'))
    await waitFor(() => expect(status()).toBe('ready'))
    expect(commands()).toEqual(['boot:user-1', 'shutdown', 'boot:user-2'])

    bff().user = null
    rerender(strict(<Referral scriptSrc={scriptSrc} user={null} language="en" />))
    await waitFor(() => expect(status()).toBe('idle'))
    expect(commands()).toEqual(['boot:user-1', 'shutdown', 'boot:user-2', 'shutdown'])
    expect(fakeCelloReferral().session()).toBeNull()

    // Signed out: re-renders, a language change and the imperative API send nothing.
    rerender(strict(<Referral scriptSrc={scriptSrc} user={null} language="de" />))
    await settle()
    expect(commands()).toEqual(['boot:user-1', 'shutdown', 'boot:user-2', 'shutdown'])
    expect(widgetTokenRequests()).toBe(2)
  })

  it('does not boot before the user is known, and boots once it is', async () => {
    const scriptSrc = setup()
    const { rerender } = render(strict(<Referral scriptSrc={scriptSrc} user={undefined} />))
    await settle()
    expect(status()).toBe('idle')
    expect(window.__celloReferralFake).toBeUndefined() // not even loaded
    expect(widgetTokenRequests()).toBe(0)
    rerender(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('ready'))
    expect(commands()).toEqual(['boot:user-1'])
  })

  it('keeps one boot across a remount with the same user, and shuts down when the last hook unmounts', async () => {
    const scriptSrc = setup()
    const { rerender, unmount } = render(strict(<Referral key="a" scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('ready'))
    rerender(strict(<Referral key="b" scriptSrc={scriptSrc} user={user('user-1')} />)) // a new component instance
    await settle()
    expect(status()).toBe('ready')
    expect(commands()).toEqual(['boot:user-1'])
    unmount()
    await waitFor(() => expect(commands()).toEqual(['boot:user-1', 'shutdown']))
  })

  it('changes the language without a reboot', async () => {
    const scriptSrc = setup()
    const { rerender } = render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} language="en" />))
    await waitFor(() => expect(status()).toBe('ready'))
    rerender(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} language="de" />))
    await waitFor(() => expect(fakeCelloReferral().session()?.language).toBe('de'))
    expect(commands()).toEqual(['boot:user-1', 'changeLanguage'])
  })

  it('does not boot a user the BFF did not sign the token for (a stale session)', async () => {
    const scriptSrc = setup()
    bff().user = 'someone-else'
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('error bad_response'))
    expect(commands()).toEqual([])
  })

  it('reports a token the fake cannot verify (wrong secret) as an error: boot refused', async () => {
    const scriptSrc = setup({ productSecret: 'another-secret' })
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('error command_failed'))
    expect(commands()).toEqual(['boot (refused)']) // refused at the signature, before the claims are read
  })

  it('reports a BFF without the widget route (404) as an error', async () => {
    const scriptSrc = setup()
    bff().widget = undefined
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('error not_found'))
    expect(commands()).toEqual([])
  })

  it('reports a blocked cello.js as blocked, and asks the BFF for nothing', async () => {
    setup()
    render(strict(<Referral scriptSrc={fakeReferralScriptUrl({ ...TEST_WIDGET, fail: true })} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('blocked script_load_failed'))
    expect(widgetTokenRequests()).toBe(0)
  })

  it('retries a blocked cello.js on the next mount, with one tag and the CSP nonce', async () => {
    const blocked = '/__cello/referral-blocked.js' // 404 from the test server: a real failed load
    const statuses: string[] = []
    function Log(props: Props) {
      const referral = useCelloReferral({ productId: TEST_WIDGET.productId, ...props })
      statuses.push(referral.status)
      return null
    }
    setup()
    const first = render(strict(<Log scriptSrc={blocked} nonce="n0nce" user={user('user-1')} />))
    await waitFor(() => expect(statuses.at(-1)).toBe('blocked'))
    first.unmount()
    const attempts = statuses.filter((s, i) => s === 'loading' && statuses[i - 1] !== 'loading').length
    render(strict(<Log scriptSrc={blocked} nonce="n0nce" user={user('user-1')} />))
    await waitFor(() =>
      expect(statuses.filter((s, i) => s === 'loading' && statuses[i - 1] !== 'loading').length).toBe(attempts + 1),
    )
    await waitFor(() => expect(statuses.at(-1)).toBe('blocked'))
    const scriptSrc = setup()
    render(strict(<Log scriptSrc={scriptSrc} nonce="n0nce" user={user('user-1')} />))
    await waitFor(() => expect(statuses.at(-1)).toBe('ready'))
    const tags = [...document.querySelectorAll<HTMLScriptElement>('script')].filter(
      (s) => s.getAttribute('src') === scriptSrc,
    )
    expect(tags).toHaveLength(1)
    expect(tags[0]!.nonce).toBe('n0nce')
    expect(tags[0]!.type).toBe('module')
  })
})

describe('the fake cello.js', () => {
  it("boots with the token react-cello/server's signWidgetToken signs, and refuses another product's", async () => {
    await loadCelloReferral({ scriptSrc: setup() })
    const boot = (token: string) =>
      new Promise<unknown>((resolve) =>
        window.cello!.cmd.push((cello) =>
          cello.boot({ productId: TEST_WIDGET.productId, token }).then(resolve, resolve),
        ),
      )
    const other = await signWidgetToken({
      productId: 'another-product',
      productSecret: TEST_WIDGET.productSecret,
      productUserId: 'user-1',
    })
    expect(await boot(other)).toBeInstanceOf(Error)
    const token = await signWidgetToken({ ...TEST_WIDGET, productUserId: 'user-1' })
    expect(await boot(token)).toBeUndefined()
    expect(commands()).toEqual(['boot (refused)', 'boot:user-1'])
    expect(fakeCelloReferral().session()?.productUserId).toBe('user-1')
  })
})

describe('useCelloReferral: token refresh', () => {
  it('refreshes a token that expires during the test through the BFF before expiry, without a reboot', async () => {
    const lifetime = 24 * 60 * 60
    const scriptSrc = setup({ clock: 'manual', tokenLifetimeSeconds: lifetime })
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('ready'))
    const fake = fakeCelloReferral()
    const firstExpiry = fake.session()!.expiresAt!
    // Signed with the fake's clock: iat is this second, so expiry is a lifetime from now (to the second).
    expect(firstExpiry - fake.now()).toBeGreaterThan((lifetime - 1) * 1000)
    expect(firstExpiry - fake.now()).toBeLessThanOrEqual(lifetime * 1000)

    fake.advance(firstExpiry - 5 * 60 * 1000 - 1 - fake.now()) // a millisecond before Cello's 5-minute warning
    await settle()
    expect(fake.callbacks).toEqual([])
    expect(widgetTokenRequests()).toBe(1)

    fake.advance(1) // the warning: onTokenExpiring
    await waitFor(() => expect(commands()).toEqual(['boot:user-1', 'updateToken:user-1']))
    const update = fake.calls[1]!
    expect(update.ok).toBe(true)
    expect(update.at).toBeLessThan(firstExpiry)
    expect(fake.callbacks.map((c) => c.name)).toEqual(['onTokenExpiring'])
    expect(widgetTokenRequests()).toBe(2)
    const secondExpiry = fake.session()!.expiresAt!
    expect(secondExpiry).toBeGreaterThan(firstExpiry) // the fresh token counts from now
    expect(secondExpiry - update.at).toBeGreaterThan((lifetime - 1) * 1000)

    fake.advance(10 * 60 * 1000) // past the first token's expiry: nothing expires, nothing reboots
    await settle()
    expect(fake.callbacks.map((c) => c.name)).toEqual(['onTokenExpiring'])
    expect(commands()).toEqual(['boot:user-1', 'updateToken:user-1'])
    expect(status()).toBe('ready')
  })

  it('refreshes once when the page wakes up past expiry (expiring and expired at once), without a reboot', async () => {
    const scriptSrc = setup({ clock: 'manual', tokenLifetimeSeconds: 60 * 60 })
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('ready'))
    const fake = fakeCelloReferral()
    fake.advance(fake.session()!.expiresAt! + 60_000 - fake.now()) // asleep through the warning and the expiry
    expect(fake.callbacks.map((c) => c.name)).toEqual(['onTokenExpiring', 'onTokenExpired'])
    await waitFor(() => expect(commands()).toEqual(['boot:user-1', 'updateToken:user-1']))
    await settle()
    expect(commands()).toEqual(['boot:user-1', 'updateToken:user-1'])
    expect(widgetTokenRequests()).toBe(2)
    expect(fake.session()!.expiresAt).toBeGreaterThan(fake.now())
    expect(status()).toBe('ready')
  })

  it('reports a refresh the BFF refuses (signed out elsewhere) as an error', async () => {
    const scriptSrc = setup({ clock: 'manual', tokenLifetimeSeconds: 60 * 60 })
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} />))
    await waitFor(() => expect(status()).toBe('ready'))
    bff().user = null
    const fake = fakeCelloReferral()
    fake.advance(fake.session()!.expiresAt! - 5 * 60_000 - fake.now())
    await waitFor(() => expect(status()).toBe('error unauthorized'))
    expect(commands()).toEqual(['boot:user-1'])
  })
})

describe('useCelloReferral: commands and callbacks', () => {
  it('opens, closes and answers getActiveUcc; forwards onUserInteraction to the latest callback', async () => {
    const scriptSrc = setup()
    const calls: string[] = []
    let api: ReturnType<typeof useCelloReferral> | undefined
    function Page({ tag }: { tag: string }) {
      const referral = useCelloReferral({
        productId: TEST_WIDGET.productId,
        scriptSrc,
        user: user('user-1'),
        onUserInteraction: (action) => calls.push(`${tag}:${action}`),
      })
      useEffect(() => {
        api = referral
      })
      return <p data-testid="status">{referral.status}</p>
    }
    const { rerender } = render(strict(<Page tag="first" />))
    await waitFor(() => expect(status()).toBe('ready'))
    rerender(strict(<Page tag="second" />))
    await api!.open()
    expect(fakeCelloReferral().session()?.open).toBe(true)
    await api!.close()
    expect(fakeCelloReferral().session()?.open).toBe(false)
    const active = await api!.getActiveUcc()
    expect(active.ucc).toMatch(/^[A-Za-z0-9]{11}$/)
    expect(active.link).toBe(`https://moonly.cello.so/${active.ucc}`)
    fakeCelloReferral().interact('linkCopied', { link: active.link })
    expect(calls).toEqual(['second:linkCopied'])
  })

  it('rejects commands with command_failed while nothing is booted', async () => {
    let api: ReturnType<typeof useCelloReferral> | undefined
    function Page() {
      const referral = useCelloReferral({ productId: TEST_WIDGET.productId, user: null })
      useEffect(() => {
        api = referral
      })
      return null
    }
    render(strict(<Page />))
    await expect(api!.open()).rejects.toMatchObject({ code: 'command_failed' })
  })

  it('uses the bff option over the provider', async () => {
    const scriptSrc = setup()
    const fetchSpy = vi.fn(fetch)
    render(strict(<Referral scriptSrc={scriptSrc} user={user('user-1')} bff={createFetchBff({ fetch: fetchSpy })} />))
    await waitFor(() => expect(status()).toBe('ready'))
    expect(fetchSpy).toHaveBeenCalledTimes(1)
  })
})

describe('CelloReferralLauncher', () => {
  const page = (scriptSrc: string, who: ReturnType<typeof user> | null) =>
    strict(
      <>
        <Referral scriptSrc={scriptSrc} user={who} hideDefaultLauncher />
        <CelloReferralLauncher>Invite friends</CelloReferralLauncher>
      </>,
    )

  it('renders nothing without a user, and is busy and inert until ready', async () => {
    const scriptSrc = setup()
    bff().latencyMs = Infinity // the token never comes: the component stays loading
    const { rerender } = render(page(scriptSrc, null))
    expect(screen.queryByRole('button')).toBeNull()
    rerender(page(scriptSrc, user('user-1')))
    const button = await screen.findByRole('button', { name: 'Invite friends' })
    expect(button.getAttribute('aria-busy')).toBe('true')
    expect(button.getAttribute('aria-disabled')).toBe('true')
    await waitFor(() => expect(widgetTokenRequests()).toBe(1))
    button.click() // Playwright will not click an aria-disabled button; a user (or a script) still can
    button.focus()
    await userEvent.keyboard('{Enter}')
    await settle()
    expect(commands()).toEqual([])
    expect(status()).toBe('loading')
  })

  it('once ready, opens the component with the keyboard; hideDefaultLauncher reaches Cello', async () => {
    const scriptSrc = setup()
    render(page(scriptSrc, user('user-1')))
    await waitFor(() => expect(status()).toBe('ready'))
    const button = screen.getByRole('button', { name: 'Invite friends' })
    expect(button.getAttribute('aria-busy')).toBeNull()
    expect(button.getAttribute('aria-disabled')).toBeNull()
    expect(document.querySelector('[data-cello-fake="launcher"]')).toBeNull()
    button.focus()
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(fakeCelloReferral().session()?.open).toBe(true))
    expect(commands()).toEqual(['boot:user-1', 'open'])
  })

  // Issue 24: Cello's badge and announcements anchor to the custom launcher(s) the selector finds.
  const launchers = (scriptSrc: string, who: ReturnType<typeof user> | null) =>
    strict(
      <>
        <Referral scriptSrc={scriptSrc} user={who} hideDefaultLauncher />
        <CelloReferralLauncher>Invite friends</CelloReferralLauncher>
        <CelloReferralLauncher badge={false}>Refer from the menu</CelloReferralLauncher>
      </>,
    )
  const badgeOn = (element: Element) => element.querySelector('[data-cello-fake="badge"]') !== null

  it('boots with customLauncherSelector: the badge and the announcement sit on our buttons, and a click opens', async () => {
    const scriptSrc = setup()
    render(launchers(scriptSrc, user('user-1')))
    await waitFor(() => expect(status()).toBe('ready'))
    const boot = fakeCelloReferral().calls[0]!.args[0] as Record<string, unknown>
    expect(boot).toMatchObject({ hideDefaultLauncher: true, customLauncherSelector: '[data-cello-launcher]' })
    const nav = screen.getByRole('button', { name: 'Invite friends' })
    const menu = screen.getByRole('button', { name: 'Refer from the menu' })
    expect([...document.querySelectorAll(boot.customLauncherSelector as string)]).toEqual([nav, menu])
    expect(getComputedStyle(nav).position).toBe('relative')
    expect(menu.getAttribute('data-cello-badge')).toBe('false')
    expect(nav.hasAttribute('data-cello-badge')).toBe(false)

    fakeCelloReferral().alert()
    expect(badgeOn(nav)).toBe(true)
    expect(badgeOn(menu)).toBe(false) // badge={false}: the badge only is hidden
    const navBox = nav.getBoundingClientRect()
    const badgeBox = nav.querySelector('[data-cello-fake="badge"]')!.getBoundingClientRect()
    // At the button's top right corner (within its border): position: relative makes the button
    // the badge's containing block; without it the badge would sit at the page's corner.
    expect(Math.abs(badgeBox.right - (navBox.right + 4))).toBeLessThan(4)
    expect(Math.abs(badgeBox.top - (navBox.top - 4))).toBeLessThan(4)

    fakeCelloReferral().announce('You earned a reward')
    const announcement = document.querySelector('[data-cello-fake="announcement"]')!
    expect(nav.contains(announcement)).toBe(true)
    expect(Math.abs(announcement.getBoundingClientRect().top - navBox.bottom)).toBeLessThan(4)

    await userEvent.click(nav)
    await waitFor(() => expect(fakeCelloReferral().session()?.open).toBe(true))
    expect(commands()).toEqual(['boot:user-1', 'open'])
    expect(badgeOn(nav)).toBe(false) // opening the component clears the alert
  })

  it('under StrictMode and across a user switch: one boot per user, the new session anchors to the same buttons', async () => {
    const scriptSrc = setup()
    bff().user = 'user-1'
    const { rerender } = render(launchers(scriptSrc, user('user-1')))
    await waitFor(() => expect(status()).toBe('ready'))
    fakeCelloReferral().alert()
    const nav = screen.getByRole('button', { name: 'Invite friends' })
    expect(badgeOn(nav)).toBe(true)

    bff().user = 'user-2'
    rerender(launchers(scriptSrc, user('user-2')))
    await waitFor(() => expect(fakeCelloReferral().session()?.productUserId).toBe('user-2'))
    await waitFor(() => expect(status()).toBe('ready'))
    await settle()
    expect(commands()).toEqual(['boot:user-1', 'shutdown', 'boot:user-2'])
    const second = fakeCelloReferral().calls[2]!.args[0] as Record<string, unknown>
    expect(second.customLauncherSelector).toBe('[data-cello-launcher]')
    expect(badgeOn(nav)).toBe(false) // user-1's alert went with their session
    fakeCelloReferral().alert()
    expect(badgeOn(screen.getByRole('button', { name: 'Invite friends' }))).toBe(true)
    expect(document.querySelectorAll('[data-cello-fake="badge"]')).toHaveLength(1)
  })
})
