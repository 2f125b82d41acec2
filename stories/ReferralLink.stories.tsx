import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { ReferralLink } from '../src'
import { createBffHandlers, createFakeBffState } from '../test/support/bffHandlers'
import './catalog.css'
import { StoryProvider } from './storyHelpers'

/** "Show code": a component a user can paste (inside their `<CelloProvider>`). */
const linkSnippet = (userId: string, comment: string) => `import { ReferralLink } from 'react-cello'
import 'react-cello/styles.css'

// Inside <CelloProvider>; the link comes from your BFF (react-cello/server).
// ${comment}
export function InviteFriends({ userId }: { userId: ${userId} }) {
  return <ReferralLink userKey={userId} onLinkCopied={(link) => console.info('copied', link)} />
}`

/** `ReferralLink` for a signed-in user, with the BFF answered by MSW. */
const meta = {
  title: 'Components/ReferralLink',
  component: ReferralLink,
  args: { userKey: 'user-1', onLinkCopied: fn() },
  argTypes: { messages: { control: 'object' }, onLinkCopied: { control: false } },
  parameters: {
    msw: createBffHandlers(createFakeBffState()),
    docs: {
      story: { iframeHeight: '120px' },
      source: { language: 'tsx', code: linkSnippet('string', 'Where a signed-in user invites friends') },
    },
  },
  render: (args) => (
    <StoryProvider consent="pending">
      <ReferralLink {...args} />
    </StoryProvider>
  ),
} satisfies Meta<typeof ReferralLink>

export default meta
type Story = StoryObj<typeof meta>

/** The link, ready to copy. */
export const Ready: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await waitFor(() =>
      expect(canvas.getByLabelText('Your referral link')).toHaveValue('https://moonly.cello.so/pNRB1aYqArN'),
    )
    navigator.clipboard.writeText = async () => {}
    await userEvent.click(canvas.getByRole('button', { name: 'Copy link' }))
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Link copied'))
    await expect(args.onLinkCopied).toHaveBeenCalled()
  },
}

/** Waiting for the BFF. */
export const Loading: Story = {
  parameters: { msw: createBffHandlers(createFakeBffState({ latencyMs: Infinity })) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Loading your referral link…')
  },
}

/** Cello is down (the BFF answers 502): an error with a retry. */
export const LoadFailed: Story = {
  parameters: { msw: createBffHandlers(createFakeBffState({ failActiveLink: true })) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('could not be loaded'), { timeout: 8000 })
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeInTheDocument()
  },
}

/** Nobody is signed in (the BFF answers 401). */
export const SignedOut: Story = {
  args: { userKey: null },
  parameters: {
    msw: createBffHandlers(createFakeBffState({ user: null })),
    docs: {
      source: { code: linkSnippet('string | null', 'null before sign-in: the component asks the visitor to sign in') },
    },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(within(canvasElement).getByText('Sign in to get your referral link.')).toBeInTheDocument(),
    )
  },
}

/** The browser refuses the Clipboard API: the link is selected for a manual copy. */
export const ClipboardRefused: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await waitFor(() =>
      expect(canvas.getByLabelText('Your referral link')).toHaveValue('https://moonly.cello.so/pNRB1aYqArN'),
    )
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'))
    document.execCommand = () => false
    await userEvent.click(canvas.getByRole('button', { name: 'Copy link' }))
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('press Ctrl+C'))
    await expect(args.onLinkCopied).not.toHaveBeenCalled()
  },
}
