// Signup: create the user and record its `new-signup` event, then send it after the response.
// https://docs.cello.so/attribution/tracking-signups
import { createFileRoute, redirect } from '@tanstack/react-router'
import { createServerFn, useServerFn } from '@tanstack/react-start'
import { getWebRequest, setHeader } from '@tanstack/react-start/server'
import { useState, type FormEvent } from 'react'
import { CelloUccInput } from 'react-cello'
import { isValidUcc, readReferral } from 'react-cello/server'
import { outbox } from '../server/cello'
import { createUser, startSession } from '../server/users'

const signUp = createServerFn({ method: 'POST' })
  .validator((form: FormData) => ({
    email: String(form.get('email') ?? '')
      .trim()
      .toLowerCase(),
    name: String(form.get('name') ?? '').trim(),
    formId: String(form.get('formId') ?? ''),
    ucc: form.get('ucc'),
  }))
  .handler(async ({ data }) => {
    const { email, name, formId } = data
    if (!/^[^@\s]+@[^@\s]+$/.test(email) || !name || !formId) return { error: 'Enter your name and a valid email.' }
    // The code from <CelloUccInput/>, else the cello-referral cookie the root loader set.
    const ucc = isValidUcc(data.ucc) ? data.ucc : (readReferral(getWebRequest())?.ucc ?? null)

    const user = createUser({ email, name, ucc, formId })
    if (!user) return { error: 'That email already has an account.' }
    // Recorded, not sent. Its key is `new-signup:<user id>`, so the same form sent twice records
    // one event. With postgresOutbox(), pass your transaction as `executor` so the user row and
    // the event commit together.
    if (user.ucc) {
      await outbox.enqueue('new-signup', {
        ucc: user.ucc,
        newUser: { id: user.id, email: user.email, name: user.name },
        timestamp: user.createdAt,
      })
    }
    // Sent after the response: a Cello outage never fails the signup, the event waits in the outbox.
    setTimeout(() => void outbox.drain(), 0)
    setHeader('set-cookie', startSession(user))
    throw redirect({ to: '/account' })
  })

export const Route = createFileRoute('/signup')({
  // Identifies this form: sent twice, it still makes one user.
  loader: () => ({ formId: crypto.randomUUID() }),
  component: Signup,
})

function Signup() {
  const { formId } = Route.useLoaderData()
  const send = useServerFn(signUp)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // With the hidden "ucc" field of <CelloUccInput/>. A redirect goes through the router.
    const result = await send({ data: new FormData(event.currentTarget) })
    if (result?.error) setError(result.error)
  }

  return (
    <>
      <h1>Create your account</h1>
      {error && <p role="alert">{error}</p>}
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Name <input name="name" required autoComplete="name" />
        </label>
        <label>
          Email <input name="email" type="email" required autoComplete="email" />
        </label>
        {/* Hidden "ucc" field: the code from the URL, the cookie or Cello's script. */}
        <CelloUccInput />
        <input type="hidden" name="formId" value={formId} />
        <button>Create account</button>
      </form>
    </>
  )
}
