import { randomUUID } from 'node:crypto'
import { CelloUccInput } from 'react-cello'
import { signUp } from './actions'

const ERRORS: Record<string, string> = {
  invalid: 'Enter your name and a valid email.',
  taken: 'That email already has an account.',
}

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams
  return (
    <>
      <h1>Create your account</h1>
      {error && <p role="alert">{ERRORS[error] ?? 'Something went wrong.'}</p>}
      <form action={signUp}>
        <label>
          Name <input name="name" required autoComplete="name" />
        </label>
        <label>
          Email <input name="email" type="email" required autoComplete="email" />
        </label>
        {/* Hidden "ucc" field: the code from the URL, the cookie or Cello's script. */}
        <CelloUccInput />
        {/* Identifies this form: sent twice, it still makes one user. */}
        <input type="hidden" name="formId" value={randomUUID()} />
        <button>Create account</button>
      </form>
    </>
  )
}
