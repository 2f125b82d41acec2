// The journeys every example goes through, in Chromium: the same visitor, the same referral link
// (?ucc=…&celloN=…), the same pages (landing, pricing, signup, account) and the same questions.
// `example` says how its signup is sent: `isSignupPost(request)` picks the form's POST among the
// page's requests, `checkReplay(response)` (optional) asserts what a replay of it answers.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { journey, LINK, log, newContext, shot, TITLE, UCC } from './driver.mjs'

const banner = (page) => page.getByRole('region', { name: 'Referral offer' })
const cls = (page) => page.evaluate(() => window.__cls)

/**
 * @param {{ name: string, ssr: boolean, isSignupPost: (request: import('playwright-core').Request) => boolean,
 *   checkReplay?: (response: import('playwright-core').APIResponse) => void }} example
 * @param {{ url: string }} app the running example
 * @param {Awaited<ReturnType<typeof import('./driver.mjs').startCello>>} cello
 * @param {import('playwright-core').Browser} browser
 */
export async function runJourneys(example, app, cello, browser) {
  const title = (name) => `${example.name}: ${name}`
  const screenshot = (page, name) => shot(page, `${example.name}-${name}`)
  const visitor = await newContext(browser)

  await journey(
    title(
      example.ssr
        ? 'first visit: cookies on the page response, the name in the server HTML'
        : 'first visit: cookies on the page response',
    ),
    async () => {
      const response = await fetch(`${app.url}${LINK}`)
      const html = await response.text()
      assert.equal(response.status, 200)
      const setCookie = response.headers.get('set-cookie') ?? ''
      assert.match(setCookie, /cello-referral=pNRB1aYqArN/, 'the page response set no cello-referral cookie')
      assert.match(setCookie, /cello-referrer=/, 'the page response set no cello-referrer cookie (the name)')
      if (example.ssr) assert.ok(html.includes(TITLE), `the server HTML lacks "${TITLE}"`)
    },
  )

  const page = await visitor.context.newPage()
  await journey(title('first visit in Chromium: CLS 0, no hydration warning'), async () => {
    await page.goto(`${app.url}${LINK}`)
    await banner(page).getByText(TITLE).waitFor()
    // The script's campaign arrives last: the offer appears inside the line already rendered.
    await banner(page).getByText('50% off for 6 months').waitFor()
    await sleep(500)
    assert.equal(await cls(page), 0, 'the page shifted')
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await screenshot(page, 'first-visit')
  })

  await journey(title('client-side navigation keeps the referral'), async () => {
    await page.evaluate(() => (window.__sameDocument = true))
    await page.getByRole('navigation').getByRole('link', { name: 'Pricing' }).click()
    await page.getByRole('heading', { name: 'Pricing' }).waitFor()
    await page.getByRole('main').getByRole('link', { name: 'Create your account' }).click()
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    assert.equal(new URL(page.url()).search, '', 'the query should be gone')
    assert.equal(
      await page.evaluate(() => window.__sameDocument),
      true,
      'that was a full page load, not client-side navigation',
    )
    assert.equal(await page.locator('input[name="ucc"]').inputValue(), UCC)
    await banner(page).getByText(TITLE).waitFor()
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await screenshot(page, 'client-navigation')
  })

  await journey(title('returning visit: the name comes from the cookies'), async () => {
    const returning = await visitor.context.newPage()
    await returning.goto(app.url)
    await banner(returning).getByText(TITLE).waitFor()
    if (example.ssr) {
      const cookie = (await visitor.context.cookies(app.url)).map((c) => `${c.name}=${c.value}`).join('; ')
      const html = await (await fetch(app.url, { headers: { cookie } })).text()
      assert.ok(html.includes(TITLE), `the server HTML of a returning visit lacks "${TITLE}"`)
    }
    await sleep(500)
    assert.equal(await cls(returning), 0, 'the page shifted')
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await screenshot(returning, 'returning-visit')
    await returning.close()
  })

  await journey(title('signup under a double submit: one user, one new-signup at Cello'), async () => {
    const before = cello.signups().length
    await page.getByLabel('Name').fill('Bob')
    await page.getByLabel('Email').fill('bob@example.com')
    const posts = []
    const onRequest = (request) => {
      if (request.method() === 'POST' && example.isSignupPost(request)) posts.push(request)
    }
    page.on('request', onRequest)
    // A double click: the form may be sent once or twice, depending on timing.
    await page.getByRole('button', { name: 'Create account' }).dblclick()
    await page.getByRole('heading', { name: 'Welcome, Bob' }).waitFor({ timeout: 30_000 })
    page.off('request', onRequest)
    const clicks = posts.length
    assert.ok(clicks > 0, 'no signup POST was seen')
    // And the same POST once more, as a retried request or a second tab would send it: the
    // server must find the user and the event it already has.
    const [first] = posts
    const { 'content-length': _, ...headers } = await first.allHeaders()
    const replay = await visitor.context.request.post(first.url(), {
      headers,
      data: first.postDataBuffer(),
      maxRedirects: 0,
    })
    assert.ok(replay.status() < 400, `the replayed signup answered ${replay.status()}`)
    example.checkReplay?.(replay)
    for (let i = 0; cello.signups().length === before && i < 300; i++) await sleep(100)
    await sleep(2500) // time for a second event to arrive, if one were sent
    const received = cello.signups().slice(before)
    assert.equal(received.length, 1, `Cello received ${received.length} new-signup events`)
    assert.equal(received[0].payload.ucc, UCC)
    log(
      `     the form was sent ${clicks + 1} times (${clicks} by the double click); Cello received 1 new-signup, for ${received[0].payload.newUserId}`,
    )
    // The signed-in user's own link, through the BFF route.
    await page.getByLabel('Your referral link').waitFor()
    assert.match(await page.getByLabel('Your referral link').inputValue(), /^https:\/\/moonly\.cello\.so\//)
    assert.deepEqual(visitor.hydrationWarnings(), [])
    await screenshot(page, 'account')
  })

  await journey(title('blocked script: the banner still renders from the URL and cookie'), async () => {
    const blocked = await newContext(browser)
    await blocked.context.route(`${cello.scriptSrc}*`, (route) => route.abort())
    const blockedPage = await blocked.context.newPage()
    const scriptFailed = blockedPage.waitForEvent('requestfailed', (request) =>
      request.url().startsWith(cello.scriptSrc),
    )
    await blockedPage.goto(`${app.url}${LINK}`)
    await scriptFailed
    await banner(blockedPage).getByText(TITLE).waitFor()
    await sleep(500)
    assert.equal(
      await banner(blockedPage).getByText('50% off').count(),
      0,
      'the offer comes from the script, which was blocked',
    )
    assert.equal(await cls(blockedPage), 0, 'the page shifted')
    assert.deepEqual(blocked.hydrationWarnings(), [])
    // Captured with the script blocked: the cookie the form's hidden field falls back on.
    const cookies = await blocked.context.cookies(app.url)
    assert.equal(cookies.find((c) => c.name === 'cello-referral')?.value, UCC, 'no cello-referral cookie')
    await blockedPage.getByRole('navigation').getByRole('link', { name: 'Sign up' }).click()
    await blockedPage.getByRole('heading', { name: 'Create your account' }).waitFor()
    assert.equal(await blockedPage.locator('input[name="ucc"]').inputValue(), UCC)
    await screenshot(blockedPage, 'blocked-script')
    await blocked.context.close()
  })

  await visitor.context.close()
}

/**
 * The development server once: the first visit and a client-side navigation, for the hydration
 * warnings only a development build of React prints in full.
 */
export async function runDevJourney(example, dev, browser) {
  await journey(`${example.name}: dev server: first visit and navigation without a hydration warning`, async () => {
    // Warm-up: on a cold dependency cache, Vite optimizes the dependencies the first page load
    // discovers and answers that load's modules 504 (Outdated Optimize Dep), so the first page
    // never hydrates (React Router's entry fails to import). A developer reloads; so do we, once,
    // in a throwaway context, before the visit that counts.
    const warmUp = await browser.newContext()
    try {
      const warmPage = await warmUp.newPage()
      for (const path of [LINK, '/signup']) {
        await warmPage.goto(`${dev.url}${path}`, { timeout: 120_000 })
        await warmPage.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {})
      }
    } finally {
      await warmUp.close()
    }
    const devVisitor = await newContext(browser)
    try {
      const devPage = await devVisitor.context.newPage()
      await devPage.goto(`${dev.url}${LINK}`, { timeout: 120_000 })
      await banner(devPage).getByText(TITLE).waitFor({ timeout: 60_000 })
      await banner(devPage).getByText('50% off for 6 months').waitFor({ timeout: 60_000 })
      await devPage.getByRole('navigation').getByRole('link', { name: 'Sign up' }).click()
      await devPage.getByRole('heading', { name: 'Create your account' }).waitFor({ timeout: 60_000 })
      assert.equal(await devPage.locator('input[name="ucc"]').inputValue(), UCC)
      await sleep(1000)
      assert.deepEqual(devVisitor.hydrationWarnings(), [])
    } catch (error) {
      // What the page said: a failed dependency reload, a hydration error, an exception.
      throw new Error(`${error.message}\nconsole errors and warnings:\n${devVisitor.messages.join('\n') || '(none)'}`, {
        cause: error,
      })
    } finally {
      await devVisitor.context.close()
    }
  })
}
