import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import type { CelloProviderProps } from '../src'
import { LandingPage } from './LandingPage'
import { StoryProvider, visit, type ScriptBehaviour } from './storyHelpers'

interface LandingArgs {
  /** The query string the visitor arrived with. */
  query: string
  /** A `cello-referral` cookie from an earlier visit. */
  cookie?: string
  consent: NonNullable<CelloProviderProps['consent']>
  /** How Cello's script behaves: the fake script, a 404, or a script that takes 1.5 s. */
  script: ScriptBehaviour
}

/**
 * What `<CelloProvider>` and `useUcc()` capture on a landing page. Each story plays one visit: it
 * sets the address bar and cookie, then renders the page against a fake attribution script
 * (never Cello's CDN).
 */
const meta = {
  title: 'Capture/Landing page',
  component: LandingPage,
  args: { query: '?ucc=pNRB1aYqArN&celloN=QWxpY2U', consent: 'granted', script: 'ready' },
  argTypes: {
    consent: { control: 'inline-radio', options: ['granted', 'pending', 'denied'] },
    script: { control: 'inline-radio', options: ['ready', 'blocked', 'slow'] },
    query: { control: 'text' },
    cookie: { control: 'text' },
  },
  parameters: {
    docs: {
      story: { iframeHeight: '340px' },
      source: {
        language: 'tsx',
        code: `import { CelloProvider, useCampaign, useUcc } from 'react-cello'

// In your root layout: <CelloProvider consent={consent}><LandingPage /></CelloProvider>
export function LandingPage() {
  const { ucc, source, status, referrerName, error } = useUcc()
  const campaign = useCampaign()
  return (
    <main>
      <h1>{referrerName ? \`\${referrerName} invited you\` : 'Welcome to Moonly'}</h1>
      {ucc && campaign?.discountPercentage !== undefined && <p>{Math.round(campaign.discountPercentage * 100)}% off</p>}
      <dl>
        <dt>Referral code</dt>
        <dd>{ucc ?? 'none'}</dd>
        <dt>Source</dt>
        <dd>{source ?? 'none'}</dd>
        <dt>Script status</dt>
        <dd>{status}</dd>
        {error && <dd>{error.code}</dd>}
      </dl>
    </main>
  )
}`,
      },
    },
  },
  render: (args) => (
    <StoryProvider script={args.script} consent={args.consent}>
      <LandingPage />
    </StoryProvider>
  ),
  beforeEach: ({ args }) => visit({ query: args.query, cookie: args.cookie }),
} satisfies Meta<LandingArgs>

export default meta
type Story = StoryObj<typeof meta>

/** A referral link with the referrer's name: the code is there at once, the script adds the offer. */
export const Referred: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('ucc')).toHaveTextContent('pNRB1aYqArN')
    await expect(canvas.getByTestId('source')).toHaveTextContent('url')
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'))
    await expect(canvas.getByRole('heading', { level: 1 })).toHaveTextContent('Alice invited you')
    await waitFor(() => expect(canvas.getByText('50% off for 6 months')).toBeInTheDocument())
  },
}

/** An ad blocker stops Cello's script: the code is still captured, the status says `blocked`. */
export const ScriptBlocked: Story = {
  args: { script: 'blocked' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('ucc')).toHaveTextContent('pNRB1aYqArN')
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('blocked'))
    await expect(canvas.getByTestId('error')).toHaveTextContent('script_load_failed')
  },
}

/** The script is slow: the code does not wait for it. */
export const SlowScript: Story = {
  args: { script: 'slow' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('ucc')).toHaveTextContent('pNRB1aYqArN')
    await expect(canvas.getByTestId('status')).toHaveTextContent('loading')
  },
}

/** Consent not given yet: no script, no cookie, but this page still knows the code. */
export const ConsentPending: Story = {
  args: { consent: 'pending' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('ucc')).toHaveTextContent('pNRB1aYqArN')
    await expect(canvas.getByTestId('status')).toHaveTextContent('disabled')
    await expect(document.cookie).not.toContain('cello-referral')
  },
}

/** A returning visitor: no query, the code comes from the `cello-referral` cookie. */
export const ReturningVisitor: Story = {
  args: { query: '', cookie: 'pNRB1aYqArN' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('ucc')).toHaveTextContent('pNRB1aYqArN')
    await expect(canvas.getByTestId('source')).toHaveTextContent('cookie')
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('ready'))
    await expect(canvas.queryByTestId('error')).toBeNull()
  },
}

/** A visitor who was not referred. */
export const NotReferred: Story = {
  args: { query: '' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('ucc')).toHaveTextContent('none')
    await expect(canvas.getByRole('heading', { level: 1 })).toHaveTextContent('Welcome to Moonly')
  },
}
