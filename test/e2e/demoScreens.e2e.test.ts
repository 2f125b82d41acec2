import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startDemo } from '../../examples/demo/server.mjs'
import { chromiumLaunchOptions } from '../../scripts/chromiumLaunchOptions.mjs'
import { layoutProblems } from './layoutProblems'

// The demo on a phone and on a laptop: screenshots under screenshots/demo/ (git-ignored) to look
// at, and the checks that the layout fits, sign-in works again, and the offer is for visitors only.
let demo: Awaited<ReturnType<typeof startDemo>>
let browser: Browser

beforeAll(async () => {
  demo = await startDemo({ port: 0, log: () => {} })
  browser = await chromium.launch(chromiumLaunchOptions)
  mkdirSync('screenshots/demo', { recursive: true })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

beforeEach(() => demo.demo.reset())

/** A page at `width`, failing the test on any console error (a 404 favicon included). */
async function open(width: number) {
  const context = await browser.newContext({ viewport: { width, height: 800 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return { page, errors, close: () => context.close() }
}

/** Nothing sticks out sideways: the page is no wider than the viewport. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

async function signUp(page: Page, email: string) {
  await page.getByRole('link', { name: 'Sign up free' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Name', { exact: true }).fill('Nora Newcomer')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByRole('heading', { name: 'Welcome, Nora Newcomer' }).waitFor()
}

describe.each([320, 375, 1280])('the demo at %i px', (width) => {
  it('shows the referral banner on the landing page, laid out for the width', async () => {
    const { page, errors, close } = await open(width)
    await page.goto(`${demo.url}/?ucc=pNRB1aYqArN&celloN=QWxpY2U`)
    await page.getByRole('button', { name: 'Accept' }).click()
    const banner = page.getByRole('region', { name: 'Referral offer' })
    await expect.poll(() => banner.textContent()).toContain('50% off')
    if (width !== 320) await page.screenshot({ path: `screenshots/demo/landing-${width}.png`, fullPage: true })
    // The banner spans the page's column; stacked one letter per line it was ~40 px wide and
    // hundreds of pixels tall.
    const box = (await banner.boundingBox())!
    expect(box.width).toBeGreaterThan(Math.min(width - 40, 600))
    expect(box.height).toBeLessThan(160)
    expect(await overflow(page)).toBe(0)
    expect(errors).toEqual([])
    await close()
  }, 60_000) // the first page load waits for Vite to bundle the demo

  it('shows the workspace to a signed-in user, without the new-user offer', async () => {
    const { page, errors, close } = await open(width)
    await page.goto(`${demo.url}/?ucc=pNRB1aYqArN&celloN=QWxpY2U`)
    await page.getByRole('button', { name: 'Accept' }).click()
    await signUp(page, `nora-${width}@example.com`)
    await expect.poll(() => page.getByLabel('Your referral link').inputValue(), { timeout: 10_000 }).toMatch(/^https:/)
    expect(await overflow(page)).toBe(0)
    if (width !== 320) await page.screenshot({ path: `screenshots/demo/workspace-${width}.png`, fullPage: true })
    await page.getByRole('link', { name: 'Moonly' }).click()
    await page.getByRole('heading', { name: 'Moonly plans your week for you' }).waitFor()
    await expect(page.getByRole('region', { name: 'Referral offer' }).count()).resolves.toBe(0)
    expect(errors).toEqual([])
    await close()
  })
})

/** What must stay on one line: the header, buttons, state badges, the switch, an event's first line. */
const ONE_LINE = ['.demo__header', 'button', '.demo__button', '.state', '.switch', '.outbox__head']

describe.each([320, 375, 1280])('every screen of the demo at %i px', (width) => {
  it('has nothing sticking out, overlapping or wrapping badly', { timeout: 90_000 }, async () => {
    const { page, errors, close } = await open(width)
    const problems: string[] = []
    const check = async (screen: string) => {
      for (const problem of await layoutProblems(page, ONE_LINE)) problems.push(`${screen}: ${problem}`)
    }
    await page.goto(`${demo.url}/?ucc=pNRB1aYqArN&celloN=QWxpY2U`)
    await page.getByRole('button', { name: 'Accept' }).click()
    await expect.poll(() => page.getByRole('region', { name: 'Referral offer' }).textContent()).toContain('50% off')
    await check('landing')
    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Sign in to Moonly' }).waitFor()
    await check('sign-in')
    await page.getByRole('link', { name: 'Sign up', exact: true }).click()
    await page.getByLabel('Email').fill(`a.rather.long.address-${width}@example.com`)
    await page.getByLabel('Name', { exact: true }).fill('Nora Newcomer')
    await check('signup')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'Welcome, Nora Newcomer' }).waitFor()
    await page.getByText('Your referral was recorded').waitFor({ timeout: 15_000 })
    // A held event: Cello records the purchase but its answer is lost.
    await page.getByRole('button', { name: "Lose Cello's next answer" }).click()
    await page.getByText('Armed: Cello will record the next event').waitFor()
    await page.getByRole('button', { name: 'Buy Pro' }).click()
    await page.locator('.outbox__event--held').waitFor({ timeout: 20_000 })
    await check('workspace with a held event')
    await page.getByRole('switch', { name: 'Cello' }).click()
    await page.getByText('The emulator refuses connections').waitFor()
    await check('workspace with Cello down')
    expect(problems).toEqual([])
    expect(errors).toEqual([])
    await close()
  })
})

describe('signing in again', () => {
  it('signs an existing user back in by email after sign-out', async () => {
    const { page, close } = await open(1280)
    await page.goto(demo.url)
    await page.getByRole('button', { name: 'Decline' }).click()
    await signUp(page, 'back@example.com')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByLabel('Email').fill('nobody@example.com')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('No account for nobody@example.com')
    await page.getByLabel('Email').fill('back@example.com')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Welcome, Nora Newcomer' }).waitFor()
    await close()
  })
})
