import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startDemo } from '../../examples/demo/server.mjs'
import { chromiumLaunchOptions } from '../../scripts/chromiumLaunchOptions.mjs'
import { validateRequest } from '../support/openapiContract'

// The whole journey, from a referral link to the events Cello (the embedded emulator) receives,
// in Debian's Chromium against the demo started here.
let demo: Awaited<ReturnType<typeof startDemo>>
let browser: Browser
let context: BrowserContext
const logs: string[] = []

beforeAll(async () => {
  demo = await startDemo({ port: 0, log: (line: string) => logs.push(line) })
  browser = await chromium.launch(chromiumLaunchOptions)
  mkdirSync('screenshots', { recursive: true })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

beforeEach(async () => {
  await context?.close()
  context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  await demo.demo.reset()
})

const emulator = () => demo.demo.emulator!
const outbox = () => demo.demo.outbox
const REFERRAL_LINK = '/?ucc=pNRB1aYqArN&celloN=QWxpY2U'

async function signUp(page: Page, email: string, extra: { organization?: string } = {}) {
  await page.getByRole('link', { name: 'Sign up free' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Name', { exact: true }).fill('New User')
  if (extra.organization) await page.getByLabel(/Company/).fill(extra.organization)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByRole('heading', { name: 'Welcome, New User' }).waitFor()
}

/** A visitor opens Alice's referral link in a new tab and accepts cookies. */
async function arriveByReferralLink() {
  const page = await context.newPage()
  await page.goto(`${demo.url}${REFERRAL_LINK}`)
  await page.getByRole('button', { name: 'Accept' }).click()
  return page
}

const waitForEvents = async (count: number, timeout = 10_000) => {
  await expect.poll(() => emulator().events.length, { timeout }).toBe(count)
  return emulator().events
}

/** Waits until the outbox has settled `key` in `state`, then drains once more: whatever could still be sent, is. */
async function waitForState(key: string, state: string, timeout = 10_000) {
  await expect.poll(async () => (await outbox().get(key))?.state, { timeout }).toBe(state)
  await outbox().drain()
  return (await outbox().get(key))!
}

/** Polls for up to 10 s: the outbox retries on its own schedule, and the page refreshes every second. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 })

const received = (trigger: string) => emulator().events.filter((e) => e.context.event.trigger === trigger)

/** The events panel's entry for the outbox event `key`, and its state badge. */
function outboxEntry(page: Page, key: string) {
  const item = page
    .getByRole('list', { name: 'Outbox events' })
    .getByRole('listitem')
    .filter({ has: page.getByText(key, { exact: true }) })
  return { item, state: () => item.locator('.state').textContent() }
}

describe('the demo signup journey in Chromium', () => {
  it('attributes a signup from a referral link, then a purchase and a refund', async () => {
    const page = await context.newPage()
    await page.goto(`${demo.url}${REFERRAL_LINK}`)
    const banner = page.getByRole('region', { name: 'Referral offer' })
    // Before consent: the name from the link only (no script, no cookie).
    await expect.poll(() => banner.textContent()).toContain('Alice invited you')
    await page.getByRole('button', { name: 'Accept' }).click()
    // With consent, Cello's script loads and brings the campaign's offer.
    await expect.poll(() => banner.textContent()).toContain('Alice invited you — 50% off for 6 months')
    await page.screenshot({ path: 'screenshots/landing-with-banner.png' })
    await signUp(page, 'bob@example.com')
    // The client-side route change dropped the query before the signup.
    expect(new URL(page.url()).search).toBe('')
    await page.getByText('Your referral was recorded').waitFor()
    const link = page.getByLabel('Your referral link')
    await expect.poll(() => link.inputValue()).toMatch(/^https:\/\/moonly\.cello\.so\/[A-Za-z0-9]{11}$/)
    await page.getByRole('list', { name: 'Events Cello received' }).getByText('new-signup').waitFor()
    await poll(outboxEntry(page, 'new-signup:user-1').state).toContain('delivered')
    await page.screenshot({ path: 'screenshots/signed-in-link-card.png' })

    const [signup] = await waitForEvents(1)
    expect(signup).toMatchObject({
      eventName: 'ReferralUpdated',
      payload: { ucc: 'pNRB1aYqArN', newUserId: 'user-1' },
      context: { event: { trigger: 'new-signup' }, newUser: { id: 'user-1', email: 'bob@example.com' } },
    })
    expect(validateRequest('post', '/events', stripReceived(signup!)).errors).toEqual([])
    expect(
      logs.some((line) => line.includes(`"cello_ucc":"pNRB1aYqArN"`) && line.includes(`"new_user_id":"user-1"`)),
    ).toBe(true)

    await page.getByRole('button', { name: 'Buy Pro' }).click()
    await waitForEvents(2)
    await page.getByRole('button', { name: 'Refund last invoice' }).click()
    const events = await waitForEvents(3)
    expect(events.map((e) => e.context.event.trigger)).toEqual(['new-signup', 'invoice-paid', 'charge-refunded'])
    for (const event of events.slice(1)) {
      expect(event.payload).toMatchObject({ ucc: 'pNRB1aYqArN', newUserId: 'user-1', price: 49, currency: 'EUR' })
      expect(event.context.subscription).toMatchObject({ invoiceId: 'inv-1' })
      expect(validateRequest('post', '/events', stripReceived(event)).errors).toEqual([])
    }
    await page.getByRole('list', { name: 'Events Cello received' }).getByText('charge-refunded').waitFor()

    // A second refund of the same invoice is refused, and makes no second charge-refunded.
    await page.getByRole('button', { name: 'Refund last invoice' }).click()
    await poll(() => page.getByRole('alert').textContent()).toBe('inv-1 is already refunded.')
    await waitForState('charge-refunded:inv-1', 'delivered')
    expect(received('charge-refunded')).toHaveLength(1)
    expect((await outbox().list()).map((e) => e.key)).toEqual([
      'new-signup:user-1',
      'invoice-paid:inv-1',
      'charge-refunded:inv-1',
    ])
  })

  it('attributes the signup when the attribution script is blocked', async () => {
    await context.route('**/cello-attribution.js*', (route) => route.abort('blockedbyclient'))
    const page = await arriveByReferralLink()
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('blocked')
    await expect
      .poll(() => page.getByRole('region', { name: 'Referral offer' }).textContent())
      .toContain('Alice invited you')
    await signUp(page, 'blocked@example.com')
    const event = (await waitForEvents(1))[0]!
    expect(event.payload.ucc).toBe('pNRB1aYqArN')
  })

  it('attributes a returning visitor from the cookie alone', async () => {
    const first = await arriveByReferralLink()
    await expect
      .poll(async () => (await context.cookies()).find((c) => c.name === 'cello-referral')?.value)
      .toBe('pNRB1aYqArN')
    await first.close()
    const later = await context.newPage()
    await later.goto(`${demo.url}/`)
    await expect.poll(() => later.getByTestId('source').textContent()).toBe('cookie')
    await signUp(later, 'returning@example.com')
    const event = (await waitForEvents(1))[0]!
    expect(event.payload.ucc).toBe('pNRB1aYqArN')
  })

  it('writes no cookie while consent is pending, still attributes this tab, and persists once granted', async () => {
    const page = await context.newPage()
    await page.goto(`${demo.url}${REFERRAL_LINK}`)
    await expect.poll(() => page.getByTestId('ucc').textContent()).toBe('pNRB1aYqArN')
    expect(await page.getByTestId('status').textContent()).toBe('disabled')
    expect((await context.cookies()).some((c) => c.name.startsWith('cello-'))).toBe(false)
    await page.getByRole('button', { name: 'Accept' }).click()
    await expect
      .poll(async () => (await context.cookies()).find((c) => c.name === 'cello-referral')?.value)
      .toBe('pNRB1aYqArN')
    await signUp(page, 'consent@example.com')
    expect((await waitForEvents(1))[0]!.payload.ucc).toBe('pNRB1aYqArN')
  })

  it('attributes to the organization: payload.newUserId is the company, newUser.id the person', async () => {
    const page = await arriveByReferralLink()
    await signUp(page, 'cto@acme.example', { organization: 'Acme Inc' })
    const event = (await waitForEvents(1))[0]!
    expect(event.payload.newUserId).toBe('org-acme-inc')
    expect(event.context.newUser).toMatchObject({ id: 'user-1', organizationId: 'org-acme-inc' })
  })

  it('delivers the signup event exactly once when Cello fails transiently', { timeout: 60_000 }, async () => {
    emulator().injectFault({ kind: 'status', status: 503, path: '/events', times: 6 })
    const page = await arriveByReferralLink()
    await signUp(page, 'flaky@example.com')
    // The signup succeeded; the page says the referral waits for Cello instead of losing it.
    await page.getByText('Cello could not be reached: your referral is saved').waitFor()
    // A 503 provably did not record the event: the outbox retries it (with backoff), and the
    // seventh attempt gets through.
    const event = await waitForState('new-signup:user-1', 'delivered', 30_000)
    expect(event.attempts).toBe(7)
    const sends = emulator().requests.filter((r) => r.method === 'POST' && r.path === '/events')
    expect(sends.map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503, 200])
    expect(received('new-signup')).toHaveLength(1)
    expect(received('new-signup')[0]!.payload.ucc).toBe('pNRB1aYqArN')
    await page.getByText('Your referral was recorded').waitFor()
  })

  it('keeps events queued while Cello is down, and delivers them once it is back', async () => {
    const page = await arriveByReferralLink()
    // The switch is Cello's power, named "Cello"; the words beside it follow its state.
    const cello = page.getByRole('switch', { name: 'Cello', exact: true })
    const controls = page.locator('.cello-controls')
    expect(await cello.isChecked()).toBe(true)
    expect(await controls.locator('label').innerText()).toBe('Cello is up')
    await cello.uncheck()
    await poll(() => cello.isEnabled()).toBe(true) // the emulator has stopped
    expect(await cello.isChecked()).toBe(false)
    expect(await controls.locator('label').innerText()).toBe('Cello is down')
    await signUp(page, 'down@example.com')
    await page.getByText('Cello could not be reached: your referral is saved').waitFor()
    await page.getByRole('button', { name: 'Buy Pro' }).click()
    const signup = outboxEntry(page, 'new-signup:user-1')
    const invoice = outboxEntry(page, 'invoice-paid:inv-1')
    await poll(signup.state).toContain('queued')
    await poll(invoice.state).toContain('queued')
    await poll(() => signup.item.textContent()).toContain('ECONNREFUSED')
    // The purchase waits for the user's signup: Cello gets them in order, so it was never tried.
    await poll(() => invoice.item.textContent()).toContain('0 attempts')
    await page.screenshot({ path: 'screenshots/events-queued-cello-down.png', fullPage: true })
    expect(emulator().events).toEqual([])
    // Nothing reached Cello: its connections were refused.
    expect(emulator().requests.filter((r) => r.path === '/events')).toEqual([])

    await cello.check()
    await poll(() => controls.locator('label').innerText()).toBe('Cello is up')
    await poll(signup.state).toContain('delivered')
    await poll(invoice.state).toContain('delivered')
    await page.getByText('Your referral was recorded').waitFor()
    await page.getByRole('list', { name: 'Events Cello received' }).getByText('invoice-paid').waitFor()
    await page.screenshot({ path: 'screenshots/events-delivered-after-outage.png', fullPage: true })
    await waitForState('invoice-paid:inv-1', 'delivered')
    expect(emulator().events.map((e) => e.context.event.trigger)).toEqual(['new-signup', 'invoice-paid'])
  })

  it('confirms a signup whose answer was lost, and holds a purchase for a decision', async () => {
    const page = await arriveByReferralLink()
    const lose = page.getByRole('button', { name: "Lose Cello's next answer" })
    await lose.click()
    await page.getByText('Armed: Cello will record the next event').waitFor()
    await signUp(page, 'lost@example.com')
    // Cello recorded the signup but the answer was lost: the outbox asks Cello before any resend.
    const signup = await waitForState('new-signup:user-1', 'delivered')
    expect(signup.reason).toContain('confirmed by GET /new-users/{productUserId}/reward')
    expect(received('new-signup')).toHaveLength(1)

    await lose.click()
    await page.getByText('Armed: Cello will record the next event').waitFor()
    await page.getByRole('button', { name: 'Buy Pro' }).click()
    // A purchase cannot be checked that way: it is held, never resent on a guess.
    const invoice = outboxEntry(page, 'invoice-paid:inv-1')
    await poll(invoice.state).toContain('held')
    expect(received('invoice-paid')).toHaveLength(1)
    // One explanation of what "held" means (the outbox's own reason stays one click away).
    await poll(() => invoice.item.getByText('may have reached Cello').filter({ visible: true }).count()).toBe(1)
    await page.screenshot({ path: 'screenshots/events-held.png', fullPage: true })
    await invoice.item.getByRole('button', { name: 'Mark delivered' }).click()
    await poll(invoice.state).toContain('delivered')
    const settled = await waitForState('invoice-paid:inv-1', 'delivered')
    expect(settled.reason).toBe('marked delivered from the events panel (Cello has it)')
    expect(received('invoice-paid')).toHaveLength(1)
  })

  it('signs up without a referral: no event, no error', async () => {
    const page = await context.newPage()
    await page.goto(`${demo.url}/`)
    await page.getByRole('button', { name: 'Decline' }).click()
    await signUp(page, 'organic@example.com')
    await page.getByText('You signed up without a referral.').waitFor()
    await outbox().drain()
    expect(await outbox().list()).toEqual([])
    expect(emulator().events).toEqual([])
    expect(await page.getByRole('alert').count()).toBe(0)
  })

  it("boots Cello's Referral Component for the signed-in user once, opens it, and shuts it down on sign-out", async () => {
    const page = await context.newPage()
    await page.goto(`${demo.url}/`)
    await page.getByRole('button', { name: 'Decline' }).click()
    await signUp(page, 'referrer@example.com')
    const launcher = page.getByRole('button', { name: 'Open the referral program' })
    await poll(() => launcher.getAttribute('aria-busy')).toBeNull() // ready: booted with a token the BFF signed
    await launcher.click()
    await page.getByRole('region', { name: 'Cello referral component (fake)' }).waitFor()
    const calls = () =>
      page.evaluate(() =>
        window.__celloReferralFake!.calls.map((call) => `${call.command}${call.ok ? '' : ' (refused)'}`),
      )
    // The demo renders under StrictMode: still one boot.
    expect(await calls()).toEqual(['boot', 'open'])
    await page.getByRole('button', { name: 'Sign out' }).click()
    await poll(calls).toEqual(['boot', 'open', 'shutdown'])
    await expect(page.getByRole('region', { name: 'Cello referral component (fake)' }).count()).resolves.toBe(0)
  })
})

/** The emulator adds `receivedAt`; the request Cello received is the rest. */
function stripReceived(event: object) {
  const { receivedAt: _receivedAt, ...request } = event as { receivedAt?: string }
  return request
}
