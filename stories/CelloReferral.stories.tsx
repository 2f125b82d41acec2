import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { CelloReferralLauncher, useCelloReferral } from '../src/referral'
import {
  fakeCelloReferral,
  fakeReferralScriptUrl,
  type FakeReferralScriptUrlOptions,
} from '../src/testing/fakes/fakeReferralScript'
import { resetCello } from '../src/testing/resetCello'
import { createBffHandlers, createFakeBffState, TEST_WIDGET } from '../test/support/bffHandlers'

/** "Show code": what a signed-in layout pastes (the token comes from the BFF's `widget` option). */
const code = (
  hideDefaultLauncher: boolean,
) => `import { CelloReferralLauncher, useCelloReferral } from 'react-cello/referral'

// In the signed-in layout, once. GET /api/cello/widget-token signs the user's token.
export function ReferralProgram({ user }: { user: { id: string; email: string } | null }) {
  const referral = useCelloReferral({
    productId: 'your-product-id',
    user: user && { productUserId: user.id, productUserDetails: { email: user.email } },
    language: 'en',${hideDefaultLauncher ? '\n    hideDefaultLauncher: true,' : ''}
  })
  return ${hideDefaultLauncher ? '<CelloReferralLauncher>Invite friends</CelloReferralLauncher>' : '<p>Referral program: {referral.status}</p>'}
}`

interface ReferralStoryProps {
  /** Options of the fake cello.js, or `fail` for a blocked one. */
  script: Omit<FakeReferralScriptUrlOptions, 'productId' | 'productSecret'>
  hideDefaultLauncher: boolean
}

/** What the fake `cello.js` was told, so the page shows a boot, a refresh or a refusal as it happens. */
function FakeCalls() {
  const [calls, setCalls] = useState<string[]>([])
  useEffect(() => {
    const timer = setInterval(() => {
      const control = typeof window === 'undefined' ? undefined : window.__celloReferralFake
      const next = (control?.calls ?? []).map((call) => `${call.command}${call.ok ? '' : ' (refused)'}`)
      setCalls((previous) => (previous.join() === next.join() ? previous : next))
    }, 100)
    return () => clearInterval(timer)
  }, [])
  return (
    <section aria-label="Calls the fake cello.js received">
      <small>Calls the fake cello.js received: {calls.length === 0 ? 'none yet' : calls.join(', ')}</small>
    </section>
  )
}

function ReferralStory({ script, hideDefaultLauncher }: ReferralStoryProps) {
  // Once per story: a new URL on every render would be another script.
  const [scriptSrc] = useState(() => fakeReferralScriptUrl({ ...TEST_WIDGET, ...script }))
  const referral = useCelloReferral({
    productId: TEST_WIDGET.productId,
    scriptSrc,
    timeoutMs: 5000,
    user: {
      productUserId: 'user-1',
      productUserDetails: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    },
    language: 'en',
    hideDefaultLauncher,
  })
  return (
    <div>
      <p role="status">
        Referral component: {referral.status}
        {referral.error ? ` (${referral.error.code})` : ''}
      </p>
      {hideDefaultLauncher ? <CelloReferralLauncher>Invite friends</CelloReferralLauncher> : null}
      <FakeCalls />
    </div>
  )
}

/**
 * `useCelloReferral` boots Cello's Referral Component (here the fake `cello.js` from
 * `react-cello/testing`) for a signed-in user; its token comes from the BFF (answered by MSW).
 * The fake's own launcher and panel are appended to the page's body, as Cello's are.
 */
const meta = {
  title: 'Referral Component/useCelloReferral',
  component: ReferralStory,
  args: { script: {}, hideDefaultLauncher: false },
  parameters: {
    msw: createBffHandlers(createFakeBffState({ widget: TEST_WIDGET })),
    docs: { story: { iframeHeight: '200px' }, source: { language: 'tsx', code: code(false) } },
  },
  // Each story is a fresh page load: no session, script or fake left from the previous one.
  beforeEach: () => {
    resetCello()
    return () => resetCello()
  },
} satisfies Meta<typeof ReferralStory>

export default meta
type Story = StoryObj<typeof meta>

/** Booted for the user: the fake's default launcher opens the component. */
export const Ready: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(within(canvasElement).getByRole('status')).toHaveTextContent('Referral component: ready'),
    )
    const launcher = within(document.body).getByRole('button', { name: 'Cello referrals (fake launcher)' })
    await userEvent.click(launcher)
    await waitFor(() => expect(fakeCelloReferral().session()?.open).toBe(true))
    await expect(fakeCelloReferral().calls.map((call) => call.command)).toEqual(['boot', 'open'])
  },
}

/** `cello.js` blocked (ad blocker, CSP, offline): the status says so and the page goes on. */
export const Blocked: Story = {
  args: { script: { fail: true }, hideDefaultLauncher: true },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(within(canvasElement).getByRole('status')).toHaveTextContent(
        'Referral component: blocked (script_load_failed)',
      ),
    )
    await expect(within(canvasElement).queryByRole('button')).toBeNull() // no launcher that cannot work
  },
}

/** `hideDefaultLauncher` with `<CelloReferralLauncher>`: busy while loading, then opens Cello. */
export const CustomLauncher: Story = {
  args: { script: { latencyMs: 300 }, hideDefaultLauncher: true },
  parameters: { docs: { source: { language: 'tsx', code: code(true) } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const button = await canvas.findByRole('button', { name: 'Invite friends' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-busy'))
    await expect(within(document.body).queryByRole('button', { name: 'Cello referrals (fake launcher)' })).toBeNull()
    await userEvent.click(button)
    await waitFor(() => expect(fakeCelloReferral().session()?.open).toBe(true))
  },
}

/**
 * Tokens that expire after 24 h (a portal setting): the fake's clock jumps to Cello's warning,
 * 5 minutes before expiry, and the hook fetches a fresh token from the BFF for `updateToken`.
 */
export const TokenRefresh: Story = {
  args: { script: { clock: 'manual', tokenLifetimeSeconds: 24 * 60 * 60 } },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(within(canvasElement).getByRole('status')).toHaveTextContent('Referral component: ready'),
    )
    const fake = fakeCelloReferral()
    const expiresAt = fake.session()!.expiresAt!
    fake.advance(expiresAt - 5 * 60 * 1000 - fake.now())
    await waitFor(() => expect(fake.calls.map((call) => call.command)).toEqual(['boot', 'updateToken']))
    await expect(fake.calls[1]!.ok).toBe(true)
    await expect(fake.session()!.expiresAt).toBeGreaterThan(expiresAt)
  },
}
