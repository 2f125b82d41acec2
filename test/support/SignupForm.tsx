import { useRef, useState, type FormEvent } from 'react'
import { CelloUccInput, useAttachForm, useReferralCodeValidation, useReportSignup, useUcc } from '../../src'

/** Creates the account in your backend; here a stand-in that answers after a moment. */
export type CreateAccount = (form: FormData) => Promise<void>

const defaultCreateAccount: CreateAccount = () => new Promise((resolve) => setTimeout(resolve, 50))

const messages = {
  valid: 'Code applied',
  invalid: 'This code is not valid',
  invalid_format: 'Codes use letters, digits, - and _',
  checking: 'Checking…',
  error: 'Could not check the code; it will be applied if valid',
  idle: '',
}

/**
 * A complete signup form: the captured code travels in a hidden field, a visitor without one can
 * type one, and after the account exists the signup is reported to Cello through the BFF.
 */
export function SignupForm({
  createAccount = defaultCreateAccount,
  initialCode = '',
}: {
  createAccount?: CreateAccount
  /** A code already in the "Referral code" field (a story that shows the form as typed into). */
  initialCode?: string
}) {
  const { ucc } = useUcc()
  const [typed, setTyped] = useState(initialCode)
  const validation = useReferralCodeValidation(typed)
  const report = useReportSignup()
  const formRef = useRef<HTMLFormElement>(null)
  useAttachForm(formRef)
  const [state, setState] = useState<'idle' | 'saving' | 'done' | 'failed'>('idle')

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setState('saving')
    try {
      await createAccount(new FormData(event.currentTarget))
      const code = ucc ?? (validation.status === 'valid' ? validation.code : null)
      await report.mutateAsync({ ucc: code }).catch(() => undefined) // the account exists either way
      setState('done')
    } catch {
      setState('failed')
    }
  }

  return (
    <form ref={formRef} onSubmit={(event) => void onSubmit(event)} aria-labelledby="signup-title" className="signup">
      <h2 id="signup-title">Sign up</h2>
      <label htmlFor="signup-email">Email</label>
      <input id="signup-email" name="email" type="email" required autoComplete="email" />
      {ucc ? (
        <p className="signup__note">Referral code {ucc} will be applied.</p>
      ) : (
        <>
          <label htmlFor="signup-code">Referral code (optional)</label>
          <input
            id="signup-code"
            name="typedUcc"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            aria-describedby="signup-code-status"
          />
          <p id="signup-code-status" role="status" className="signup__status">
            {messages[validation.status]}
          </p>
        </>
      )}
      <CelloUccInput />
      <button type="submit" disabled={state === 'saving'}>
        Create account
      </button>
      <p role="status" aria-live="polite" className="signup__status">
        {state === 'done' &&
          (report.data?.reported
            ? 'Welcome! Your referral was recorded.'
            : report.isError
              ? 'Welcome! Your referral could not be reported.'
              : 'Welcome!')}
        {state === 'failed' && 'The account could not be created.'}
      </p>
    </form>
  )
}
