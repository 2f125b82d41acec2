import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import type { ComponentProps } from 'react'
import { NewUserBanner, type CelloConsent } from '../src'
import './catalog.css'
import { encodeName, sourceCode, StoryProvider, visit, type ScriptBehaviour } from './storyHelpers'

interface BannerStoryArgs {
  query: string
  script?: ScriptBehaviour
  consent?: CelloConsent
  theme?: 'light' | 'dark'
  dir?: 'ltr' | 'rtl'
  /** The visitor dismissed the banner on an earlier visit (the banner's key is in localStorage). */
  dismissed?: boolean
  /** What the line where the page begins says (the page without a banner needs saying). */
  page?: string
}

const DISMISSED_KEY = 'react-cello:banner-dismissed:pNRB1aYqArN'

/** The story's args: the banner's props, with the call to action as text a designer can edit. */
type BannerArgs = ComponentProps<typeof NewUserBanner> & {
  /** Text of the call-to-action link (`cta={<a href="/signup">…</a>}`); empty for none. */
  ctaText: string
}

/**
 * `NewUserBanner` for each state a visitor can be in. The fake attribution script answers the
 * campaign's offer (50 % for 6 months) unless it is blocked or consent is pending.
 */
const meta = {
  title: 'Components/NewUserBanner',
  component: NewUserBanner,
  args: { placement: 'inline', ctaText: 'Claim your discount' },
  argTypes: {
    ctaText: { name: 'cta (text)', control: 'text' },
    cta: { table: { disable: true } },
    // Functions and objects a designer cannot set from a form.
    children: { control: false },
    storage: { control: false },
    onDismiss: { control: false },
  },
  parameters: {
    story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}` } as BannerStoryArgs,
    docs: {
      story: { iframeHeight: '150px' },
      ...sourceCode(
        'CelloProvider, NewUserBanner',
        '<NewUserBanner cta={<a href="/signup">Claim your discount</a>} />',
        'Opened from a referral link: /?ucc=pNRB1aYqArN&celloN=QWxpY2U',
      ).docs,
    },
  },
  beforeEach: ({ parameters }) => {
    const story = parameters.story as BannerStoryArgs
    const leave = visit({ query: story.query })
    if (story.dismissed) localStorage.setItem(DISMISSED_KEY, '1')
    return () => {
      localStorage.removeItem(DISMISSED_KEY)
      leave()
    }
  },
  render: ({ ctaText, ...props }, { parameters }) => {
    const story = parameters.story as BannerStoryArgs
    return (
      <div
        data-theme={story.theme}
        dir={story.dir}
        style={story.theme === 'dark' ? { background: '#110c24', color: '#f1edff', padding: 16 } : undefined}
      >
        <StoryProvider script={story.script} consent={story.consent}>
          <NewUserBanner {...props} cta={ctaText ? <a href="#signup">{ctaText}</a> : undefined} />
        </StoryProvider>
        {/* The top of the app's page, so a story without a banner shows the page as it is. */}
        <p className="story-page">{story.page ?? 'Your page continues here, below the banner.'}</p>
      </div>
    )
  },
} satisfies Meta<BannerArgs>

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
  parameters: {
    story: { query: '?ucc=pNRB1aYqArN' },
    ...sourceCode(
      'CelloProvider, NewUserBanner',
      '<NewUserBanner cta={<a href="/signup">Claim your discount</a>} />',
      'Opened from a referral link without a name: /?ucc=pNRB1aYqArN',
    ),
  },
  play: ({ canvasElement }) => offer(canvasElement, 'You were invited — 50% off for 6 months'),
}

/** A very long name wraps instead of overflowing. */
export const VeryLongName: Story = {
  parameters: {
    story: {
      query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Maximiliane-Konstanze Wolkenstein-Trostburg von Hohenberg')}`,
    },
  },
  play: ({ canvasElement }) =>
    offer(canvasElement, 'Maximiliane-Konstanze Wolkenstein-Trostburg von Hohenberg invited you'),
}

/** Right to left, with every text replaced. */
export const RightToLeft: Story = {
  parameters: {
    story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('سارة')}`, dir: 'rtl' },
    ...sourceCode(
      'CelloProvider, NewUserBanner',
      `<div dir="rtl">
  <NewUserBanner
    lang="ar"
    cta={<a href="/signup">سجّل الآن</a>}
    messages={{
      label: 'عرض الإحالة',
      title: ({ referrerName }) => \`\${referrerName ?? 'صديق'} دعاك\`,
      offer: ({ percentage, months }) => \`خصم \${percentage}٪ لمدة \${months} أشهر\`,
      dismiss: 'إغلاق',
    }}
  />
</div>`,
    ),
  },
  args: {
    lang: 'ar',
    ctaText: 'سجّل الآن',
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
  parameters: {
    story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}`, theme: 'dark' },
    ...sourceCode(
      'CelloProvider, NewUserBanner',
      '<div data-theme="dark">\n  <NewUserBanner cta={<a href="/signup">Claim your discount</a>} />\n</div>',
    ),
  },
  play: ({ canvasElement }) => offer(canvasElement, '50% off'),
}

/** A sticky top bar that pushes the content down instead of covering it. */
export const TopBar: Story = {
  args: { placement: 'top' },
  parameters: sourceCode(
    'CelloProvider, NewUserBanner',
    '<NewUserBanner placement="top" cta={<a href="/signup">Claim your discount</a>} />',
  ),
  play: ({ canvasElement }) => offer(canvasElement, 'Alice invited you'),
}

/**
 * Dismissed on an earlier visit: × stores the dismissal per referral code (in localStorage, or the
 * `storage` you pass), and the banner renders nothing for that code from then on.
 */
export const Dismissed: Story = {
  parameters: {
    story: {
      query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}`,
      dismissed: true,
      page: 'Dismissed on an earlier visit: no banner, the page starts here.',
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.queryByRole('region')).toBeNull()
    await expect(canvas.getByText(/no banner, the page starts here/)).toBeInTheDocument()
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
  parameters: {
    story: { query: `?ucc=pNRB1aYqArN&celloN=${encodeName('Alice')}`, consent: 'pending' },
    docs: {
      source: {
        code: `import { CelloProvider, NewUserBanner } from 'react-cello'
import 'react-cello/styles.css'

export function App({ consent }: { consent: 'granted' | 'pending' | 'denied' }) {
  return (
    // Until your consent tool says yes: no script, no cookie, the code from the link still shows
    <CelloProvider consent={consent}>
      <NewUserBanner cta={<a href="/signup">Claim your discount</a>} />
    </CelloProvider>
  )
}`,
      },
    },
  },
  play: ({ canvasElement }) => offer(canvasElement, 'Alice invited you'),
}

/** A visitor who was not referred sees no banner: the page starts at the top. */
export const NotReferred: Story = {
  parameters: {
    story: { query: '', page: 'Opened without a referral link: no banner, the page starts here.' },
    ...sourceCode(
      'CelloProvider, NewUserBanner',
      '<NewUserBanner cta={<a href="/signup">Claim your discount</a>} />',
      'Opened without a referral link: the banner renders nothing',
    ),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.queryByRole('region')).toBeNull()
    await expect(canvas.getByText(/no banner, the page starts here/)).toBeInTheDocument()
  },
}
