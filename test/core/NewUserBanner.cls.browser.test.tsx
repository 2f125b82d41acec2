import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cdp, page } from 'vitest/browser'
import { CelloProvider, NewUserBanner } from '../../src'
import '../../src/styles.css'
import { fakeScriptSrc, resetPage, visit } from '../support/browserPage'

beforeEach(() => {
  resetPage()
  localStorage.clear()
})
afterEach(() => {
  cleanup()
  resetPage()
  localStorage.clear()
})
afterAll(() => page.viewport(414, 896)) // Vitest's default viewport, for the files after this one

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1)))
    next(n)
  })

type LayoutShift = PerformanceEntry & { value: number; hadRecentInput: boolean }

/**
 * The page's cumulative layout shift while `run` renders and waits, from Chromium's Layout
 * Instability API (what CLS is made of), as the sum of every shift not caused by input.
 */
async function measureCls(run: () => Promise<void>): Promise<number> {
  const shifts: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LayoutShift[]) if (!entry.hadRecentInput) shifts.push(entry.value)
  })
  observer.observe({ type: 'layout-shift', buffered: false })
  await run()
  await frames(2)
  await new Promise((r) => setTimeout(r, 200))
  observer.takeRecords().forEach((entry) => shifts.push((entry as LayoutShift).value))
  observer.disconnect()
  return shifts.reduce((sum, value) => sum + value, 0)
}

describe('NewUserBanner keeps the layout still when the offer arrives late', () => {
  const cases = [320, 375, 1280].flatMap((width) =>
    (['inline', 'top'] as const).map((placement) => ({ width, placement })),
  )
  it.each(cases)('CLS is 0 at $width px wide, placement $placement', async ({ width, placement }) => {
    await page.viewport(width, 720)
    await frames(2)
    visit(`/?ucc=cls${placement}${width}&celloN=${b64('Alice')}`)
    const cls = await measureCls(async () => {
      // The attribution script answers 300 ms after the first paint, as a slow network would.
      render(
        <CelloProvider scriptSrc={fakeScriptSrc({ latencyMs: 300 })}>
          <NewUserBanner placement={placement} cta={<a href="/signup">Claim your discount</a>} />
          <main>
            <h1>Moonly</h1>
            <p>The content below the banner, which must not move.</p>
          </main>
        </CelloProvider>,
      )
      const banner = screen.getByRole('region', { name: 'Referral offer' })
      expect(banner).not.toHaveTextContent('% off')
      await waitFor(() => expect(banner).toHaveTextContent('Alice invited you — 50% off for 6 months'))
    })
    expect(cls).toBe(0)
  })
})

describe('the reserved room', () => {
  it('is neither text of the page nor read by screen readers', async () => {
    visit(`/?ucc=reserveRead&celloN=${b64('Alice')}`)
    render(
      <CelloProvider scriptSrc={fakeScriptSrc()}>
        <NewUserBanner />
      </CelloProvider>,
    )
    const banner = screen.getByRole('region', { name: 'Referral offer' })
    await waitFor(() => expect(banner).toHaveTextContent('Alice invited you — 50% off for 6 months'))
    expect(banner.textContent).not.toContain('120')
    expect(banner.innerText).not.toContain('120')
    // What Chromium hands to screen readers: the banner's text once, the reserve not at all.
    const session = cdp()
    const { frameTree } = await session.send('Page.getFrameTree')
    const frameIds = (tree: typeof frameTree): string[] => [
      tree.frame.id,
      ...(tree.childFrames ?? []).flatMap(frameIds),
    ]
    const names: string[] = []
    for (const frameId of frameIds(frameTree)) {
      const { nodes } = await session.send('Accessibility.getFullAXTree', { frameId })
      for (const node of nodes) if (typeof node.name?.value === 'string') names.push(node.name.value)
    }
    expect(names.some((name) => name.includes('120 months'))).toBe(false)
    expect(names.filter((name) => name.includes('Alice invited you'))).not.toHaveLength(0)
  })
})
