// Signup: create the user and record its `new-signup` event, then send it after the response.
// https://docs.cello.so/attribution/tracking-signups
import { randomUUID } from 'node:crypto'
import { Form, redirect, useActionData, useLoaderData } from 'react-router'
import { CelloUccInput } from 'react-cello'
import { isValidUcc, readReferral } from 'react-cello/server'
import { outbox } from '../cello.server'
import { createUser, startSession } from '../users.server'
import type { Route } from './+types/signup'

// Identifies this form: sent twice, it still makes one user.
export const loader = () => ({ formId: randomUUID() })

export async function action({ request }: Route.ActionArgs) {
  const form = await request.formData()
  const email = String(form.get('email') ?? '')
    .trim()
    .toLowerCase()
  const name = String(form.get('name') ?? '').trim()
  const formId = String(form.get('formId') ?? '')
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || !name || !formId) return { error: 'Enter your name and a valid email.' }

  // The code from <CelloUccInput/>, else the cello-referral cookie the root loader set.
  const fromForm = form.get('ucc')
  const ucc = isValidUcc(fromForm) ? fromForm : (readReferral(request)?.ucc ?? null)

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
  return redirect('/account', { headers: { 'set-cookie': startSession(user) } })
}

export default function Signup() {
  const { formId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <h1>Create your account</h1>
      {result?.error && <p role="alert">{result.error}</p>}
      <Form method="post">
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
      </Form>
    </>
  )
}
