import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { createBffHandlers, createFakeBffState } from '../test/msw/bffHandlers'
import { SignupForm } from './SignupForm'
import { StoryProvider, visit } from './storyHelpers'

/**
 * A signup form end to end: the captured code rides in a hidden field (`CelloUccInput`), a
 * visitor without one can type one (`useReferralCodeValidation`), and after the account exists
 * the signup is reported through the BFF (`useReportSignup`), answered here by MSW.
 */
const meta = {
  title: 'Recipes/Signup form',
  component: SignupForm,
  parameters: { msw: createBffHandlers(createFakeBffState()) },
  render: (args) => (
    <StoryProvider>
      <SignupForm {...args} />
    </StoryProvider>
  ),
} satisfies Meta<typeof SignupForm>

export default meta
type Story = StoryObj<typeof meta>

/** Arrived through a referral link: the code is applied and the signup reported. */
export const Referred: Story = {
  beforeEach: () => visit({ query: '?ucc=pNRB1aYqArN' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('Referral code pNRB1aYqArN will be applied.')).toBeInTheDocument()
    await userEvent.type(canvas.getByLabelText('Email'), 'new@user.example')
    await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(canvas.getByText('Welcome! Your referral was recorded.')).toBeInTheDocument())
  },
}

/** No referral link: the visitor types a code, checked as they type. */
export const TypedCode: Story = {
  beforeEach: () => visit({}),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByLabelText('Referral code (optional)'), 'pNRB1aYqArN')
    await waitFor(() => expect(canvas.getByText('Code applied')).toBeInTheDocument())
  },
}
