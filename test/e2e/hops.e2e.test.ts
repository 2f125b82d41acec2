import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chromiumLaunchOptions } from '../../scripts/chromiumLaunchOptions.mjs'
import { startHops } from './hops/hopsServers'

// The redirect hops of docs/hops.md in Chromium, on real host names (app.example.test and
// auth.provider.test, both on loopback): the referral code crosses an OAuth round trip and a magic
// link opened in a fresh browser, and Cello (the emulator) hears exactly one new-signup with it.
const UCC = 'pNRB1aYqArN'
let hops: Awaited<ReturnType<typeof startHops>>
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  hops = await startHops({ consent: 'pending', referrers: [{ productUserId: 'alice', ucc: UCC }] })
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
  hops.mailbox.length = 0
})

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
})

const newContext = async () => {
  const context = await browser.newContext()
  contexts.push(context)
  return context
}

/** The one new-signup Cello received, once the outbox has nothing left to send. */
async function theOneSignup() {
  await expect.poll(async () => (await hops.outbox.list()).filter((e) => e.state !== 'delivered').length).toBe(0)
  await expect.poll(() => hops.emulator.events.length).toBeGreaterThan(0)
  const signups = hops.emulator.events.filter((e) => e.context.event.trigger === 'new-signup')
  expect(signups).toHaveLength(1)
  return signups[0]!
}

describe('redirect hops', () => {
  it('carries the code through an OAuth round trip in the state, with consent pending', async () => {
    hops.settings.consent = 'pending'
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(`${hops.appOrigin}/?ucc=${UCC}`)
    await page.getByRole('link', { name: 'Sign in with Provider' }).click()
    await page.waitForURL(/^http:\/\/auth\.provider\.test:\d+\/authorize/)
    await page.getByLabel('Email').fill('bob@example.com')
    await page.getByRole('button', { name: 'Authorize' }).click()
    await page.getByRole('heading', { name: 'Signed up as bob@example.com' }).waitFor()

    // Nothing of Cello's was stored: the code travelled in the state alone.
    expect((await context.cookies()).filter((c) => c.name.startsWith('cello-'))).toEqual([])
    const signup = await theOneSignup()
    expect(signup.payload.ucc).toBe(UCC)
    expect(signup.context.newUser?.email).toBe('bob@example.com')
  })

  it('carries the code on a magic link opened in a fresh browser', async () => {
    hops.settings.consent = 'granted'
    const landing = await (await newContext()).newPage()
    await landing.goto(`${hops.appOrigin}/?ucc=${UCC}`)
    await landing.getByLabel('Email').fill('carol@example.com')
    await landing.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await landing.getByRole('heading', { name: 'Check your email' }).waitFor()
    expect(hops.mailbox).toHaveLength(1)

    // Another device: no cookie of the landing's browser.
    const fresh = await newContext()
    expect(await fresh.cookies()).toEqual([])
    const page = await fresh.newPage()
    await page.goto(hops.mailbox[0]!.link)
    await page.getByRole('heading', { name: 'Signed up as carol@example.com' }).waitFor()

    const signup = await theOneSignup()
    expect(signup.payload.ucc).toBe(UCC)
    expect(signup.context.newUser?.email).toBe('carol@example.com')
  })
})
