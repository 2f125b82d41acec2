import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chromiumLaunchOptions } from '../../scripts/chromiumLaunchOptions.mjs'
import { APP_HOST, BRAND_HOST, startCaptureHops, WWW_HOST } from './hops/captureServers'

// The domain hops of docs/domains.md in Chromium, on real host names on loopback: a code captured on
// www.example.test, on brand.test, on a page that is not React, or with consent pending, reaches
// the signup on app.example.test, and Cello (the emulator) hears exactly one new-signup with it.
const UCC = 'pNRB1aYqArN'
let hops: Awaited<ReturnType<typeof startCaptureHops>>
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  hops = await startCaptureHops({ referrers: [{ productUserId: 'alice', ucc: UCC }] })
  browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, hops.hostResolverRules],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await hops?.close()
})

beforeEach(() => {
  hops.emulator.reset()
})

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
})

/** A fresh browser in which Cello's CDN is blocked, as an ad blocker would (and there is no internet here). */
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  contexts.push(context)
  await context.route(/^https:\/\/[^/]*cello\.so\//, (route) => route.abort('blockedbyclient'))
  return { context, page: await context.newPage() }
}

/** A React landing page on `host` with these CelloProvider props and a link to `link`. */
const landing = (host: string, query: string, props: object, link: string) =>
  `${hops.origin(host)}/landing?${query}&props=${encodeURIComponent(JSON.stringify(props))}&link=${encodeURIComponent(link)}`

/** Follows the landing's link to the app's signup and signs up there. */
async function signUp(page: Page, email: string, onSignupPage?: (url: string) => void) {
  await page.getByRole('link', { name: 'Sign up' }).click()
  await page.getByRole('heading', { name: 'Sign up' }).waitFor()
  onSignupPage?.(page.url())
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByRole('heading', { name: `Signed up as ${email}` }).waitFor()
}

/** The one new-signup Cello received, once the outbox has nothing left to send. */
async function theOneSignup() {
  await expect
    .poll(async () => (await hops.outbox.list()).filter((e) => e.state !== 'delivered').length, { timeout: 15_000 })
    .toBe(0)
  const signups = hops.emulator.events.filter((e) => e.context.event.trigger === 'new-signup')
  expect(signups).toHaveLength(1)
  return signups[0]!
}

describe('domain hops', () => {
  it("lands on www., signs up on app. (cookieDomain 'auto')", async () => {
    hops.settings.consent = 'granted'
    const { context, page } = await newPage()
    await page.goto(landing(WWW_HOST, `ucc=${UCC}`, { cookieDomain: 'auto' }, `${hops.origin(APP_HOST)}/signup`))
    await expect.poll(() => page.getByTestId('ucc').textContent()).toBe(UCC)
    // Written on the widest domain Chromium takes: example.test, so app. reads it.
    await expect
      .poll(async () => (await context.cookies()).find((c) => c.name === 'cello-referral')?.domain)
      .toBe('.example.test')
    expect((await context.cookies()).filter((c) => c.name === 'cello-probe')).toEqual([])
    await signUp(page, 'dana@example.com')
    const signup = await theOneSignup()
    expect(signup.payload.ucc).toBe(UCC)
    expect(signup.context.newUser?.email).toBe('dana@example.com')
  })

  it('lands on brand.test, follows a decorated link to app.example.test (crossDomains)', async () => {
    hops.settings.consent = 'granted'
    const { context, page } = await newPage()
    await page.goto(
      landing(BRAND_HOST, `ucc=${UCC}&celloN=QWxpY2U`, { crossDomains: [APP_HOST] }, `${hops.origin(APP_HOST)}/signup`),
    )
    await expect.poll(() => page.getByTestId('ucc').textContent()).toBe(UCC)
    await signUp(page, 'erin@example.com', (url) => {
      // Decorated when followed: the code and the referrer's name, as a referral link carries them.
      expect(new URL(url).searchParams.get('ucc')).toBe(UCC)
      expect(new URL(url).searchParams.get('celloN')).toBe('QWxpY2U=')
    })
    // The app captured it from the URL as from a referral link: its own cookie now.
    expect((await context.cookies(hops.origin(APP_HOST))).find((c) => c.name === 'cello-referral')?.value).toBe(UCC)
    const signup = await theOneSignup()
    expect(signup.payload.ucc).toBe(UCC)
  })

  it("captures on a page that is not React with the capture script, Cello's CDN blocked", async () => {
    hops.settings.consent = 'granted'
    const { context, page } = await newPage()
    const blocked: string[] = []
    page.on('requestfailed', (request) => blocked.push(request.url()))
    await page.goto(
      `${hops.origin(WWW_HOST)}/plain?ucc=${UCC}&link=${encodeURIComponent(`${hops.origin(APP_HOST)}/signup`)}`,
    )
    await expect.poll(() => blocked.some((url) => url.startsWith('https://assets.cello.so/'))).toBe(true)
    const cookie = (await context.cookies()).find((c) => c.name === 'cello-referral')
    expect(cookie).toMatchObject({ value: UCC, domain: '.example.test' })
    await signUp(page, 'frank@example.com')
    const signup = await theOneSignup()
    expect(signup.payload.ucc).toBe(UCC)
  })

  it('keeps the code across a full page load to /signup with consent pending, storing nothing', async () => {
    hops.settings.consent = 'pending'
    const { context, page } = await newPage()
    await page.goto(landing(APP_HOST, `ucc=${UCC}`, { consent: 'pending' }, '/signup'))
    await expect.poll(() => page.getByTestId('ucc').textContent()).toBe(UCC)
    await signUp(page, 'gina@example.com')
    expect((await context.cookies()).filter((c) => c.name.startsWith('cello-'))).toEqual([])
    const signup = await theOneSignup()
    expect(signup.payload.ucc).toBe(UCC)
  })
})
