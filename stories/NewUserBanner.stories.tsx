import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { NewUserBanner, type CelloConsent } from '../src'
import { encodeName, StoryProvider, visit, type ScriptBehaviour } from './storyHelpers'

interface BannerStoryArgs {
  query: string
  script?: ScriptBehaviour
  consent?: CelloConsent
  theme?: 'light' | 'dark'
  dir?: 'ltr' | 'rtl'
}

/**
 * `NewUserBanner` for each state a visitor can be in. The fake attribution script answers the
 * campaign's offer (50 % for 6 months) unless it is blocked or consent is pending.
 */
const meta = {
  title: 'Components/NewUserBanner',
  component: NewUserBanner,
  args: { placement: 'inline', cta: <a href="#signup">Claim your discount</a> },
  parameters: { story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}` } as BannerStoryArgs },
  beforeEach: ({ parameters }) => visit({ query: (parameters.story as BannerStoryArgs).query }),
  render: (args, { parameters }) => {
    const story = parameters.story as BannerStoryArgs
    return (
      <div data-theme={story.theme} dir={story.dir} style={story.theme === 'dark' ? { background: '#110c24', padding: 16 } : undefined}>
        <StoryProvider script={story.script} consent={story.consent}>
          <NewUserBanner {...args} />
        </StoryProvider>
      </div>
    )
  },
} satisfies Meta<typeof NewUserBanner>

export default meta
type Story = StoryObj<typeof meta>

const offer = async (canvasElement: HTMLElement, text: string) => {
  const banner = within(canvasElement).getByRole('region', { name: 'Referral offer' })
  await waitFor(() => expect(banner).toHaveTextContent(text))
}

/** Referred by Alice; the offer arrives from the script. */
export const ReferredWithName: Story = {
  play: ({ canvasElement }) => offer(canvasElement, 'Alice invited you — 50% off for 6 months'),
}

/** A referral link without the referrer's name. */
export const WithoutName: Story = {
  parameters: { story: { query: '?ucc=pNRB1aYqArN' } },
  play: ({ canvasElement }) => offer(canvasElement, 'You were invited — 50% off for 6 months'),
}

/** A very long name wraps instead of overflowing. */
export const VeryLongName: Story = {
  parameters: { story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Maximiliane-Konstanze Wolkenstein-Trostburg von Hohenberg')}` } },
  play: ({ canvasElement }) => offer(canvasElement, 'Maximiliane-Konstanze Wolkenstein-Trostburg von Hohenberg invited you'),
}

/** Right to left, with every text replaced. */
export const RightToLeft: Story = {
  parameters: { story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('سارة')}`, dir: 'rtl' } },
  args: {
    lang: 'ar',
    cta: <a href="#signup">سجّل الآن</a>,
    messages: {
      label: 'عرض الإحالة',
      title: ({ referrerName }) => `${referrerName ?? 'صديق'} دعاك`,
      offer: ({ percentage, months }) => `خصم ${percentage}٪ لمدة ${months} أشهر`,
      dismiss: 'إغلاق',
    },
  },
  play: async ({ canvasElement }) => {
    const banner = within(canvasElement).getByRole('region', { name: 'عرض الإحالة' })
    await waitFor(() => expect(banner).toHaveTextContent('سارة دعاك — خصم 50٪ لمدة 6 أشهر'))
  },
}

/** Dark theme through `data-theme="dark"` (or the system's dark mode). */
export const Dark: Story = {
  parameters: { story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}`, theme: 'dark' } },
  play: ({ canvasElement }) => offer(canvasElement, '50% off'),
}

/** A sticky top bar that pushes the content down instead of covering it. */
export const TopBar: Story = {
  args: { placement: 'top' },
  play: ({ canvasElement }) => offer(canvasElement, 'Alice invited you'),
}

/** Dismissed: the banner goes away and stays away for this code. */
export const Dismissed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Dismiss' }))
    await expect(canvas.queryByRole('region')).toBeNull()
    await expect(localStorage.getItem('react-cello:banner-dismissed:pNRB1aYqArN')).toBe('1')
    localStorage.removeItem('react-cello:banner-dismissed:pNRB1aYqArN')
  },
}

/** The script is blocked: the banner still shows the name from the link, without the offer. */
export const ScriptBlocked: Story = {
  parameters: { story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}`, script: 'blocked' } },
  play: async ({ canvasElement }) => {
    await offer(canvasElement, 'Alice invited you')
    await new Promise((r) => setTimeout(r, 300))
    await expect(within(canvasElement).getByRole('region')).not.toHaveTextContent('% off')
  },
}

/** Consent pending: no script, so no offer; the captured code still shows the banner. */
export const ConsentPending: Story = {
  parameters: { story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}`, consent: 'pending' } },
  play: ({ canvasElement }) => offer(canvasElement, 'Alice invited you'),
}

/** A visitor who was not referred sees nothing. */
export const NotReferred: Story = {
  parameters: { story: { query: '' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('region')).toBeNull()
  },
}
