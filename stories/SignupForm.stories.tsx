import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { createBffHandlers, createFakeBffState } from '../test/support/bffHandlers'
import { SignupForm } from '../test/support/SignupForm'
import './catalog.css'
import { fill, StoryProvider, visit } from './storyHelpers'

/**
 * A signup form end to end: the captured code rides in a hidden field (`CelloUccInput`), a
 * visitor without one can type one (`useReferralCodeValidation`), and after the account exists
 * the signup is reported through the BFF (`useReportSignup`), answered here by MSW.
 */
const meta = {
  title: 'Recipes/Signup form',
  component: SignupForm,
  parameters: {
    msw: createBffHandlers(createFakeBffState()),
    docs: {
      story: { iframeHeight: '400px' },
      source: {
        language: 'tsx',
        code: `import { useRef, useState, type FormEvent } from 'react'
import { CelloUccInput, useAttachForm, useReferralCodeValidation, useReportSignup, useUcc } from 'react-cello'

// Inside <CelloProvider>. createAccount is your own call to your backend.
export function SignupForm({ createAccount }: { createAccount: (form: FormData) => Promise<void> }) {
  const { ucc } = useUcc()
  const [typed, setTyped] = useState('')
  const validation = useReferralCodeValidation(typed)
  const report = useReportSignup()
  const formRef = useRef<HTMLFormElement>(null)
  useAttachForm(formRef)
  const [done, setDone] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    await createAccount(new FormData(event.currentTarget))
    const code = ucc ?? (validation.status === 'valid' ? validation.code : null)
    await report.mutateAsync({ ucc: code }).catch(() => undefined) // the account exists either way
    setDone(true)
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} aria-labelledby="signup-title">
      <h2 id="signup-title">Sign up</h2>
      <label htmlFor="signup-email">Email</label>
      <input id="signup-email" name="email" type="email" required autoComplete="email" />
      {ucc ? (
        <p>Referral code {ucc} will be applied.</p>
      ) : (
        <>
          <label htmlFor="signup-code">Referral code (optional)</label>
          <input id="signup-code" name="typedUcc" value={typed} onChange={(e) => setTyped(e.target.value)} />
          <p role="status">{validation.status === 'valid' ? 'Code applied' : validation.status === 'invalid' ? 'This code is not valid' : ''}</p>
        </>
      )}
      <CelloUccInput />
      <button type="submit">Create account</button>
      {done && <p role="status">Welcome!</p>}
    </form>
  )
}`,
      },
    },
  },
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
    fill(canvas.getByLabelText('Email'), 'new@user.example')
    await userEvent.click(canvas.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(canvas.getByText('Welcome! Your referral was recorded.')).toBeInTheDocument())
  },
}

/** No referral link: the visitor typed a code, checked as they type (here already typed). */
export const TypedCode: Story = {
  args: { initialCode: 'pNRB1aYqArN' },
  beforeEach: () => visit({}),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByLabelText('Referral code (optional)')).toHaveValue('pNRB1aYqArN')
    await waitFor(() => expect(canvas.getByText('Code applied')).toBeInTheDocument())
  },
}
