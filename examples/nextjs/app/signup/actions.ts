'use server'
// Signup: create the user and record its `new-signup` event, then send it after the response.
// https://docs.cello.so/attribution/tracking-signups
import { after } from 'next/server'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { isValidUcc, readReferral } from 'react-cello/server'
import { outbox } from '@/lib/cello'
import { createUser, startSession } from '@/lib/users'

export async function signUp(form: FormData): Promise<void> {
  const email = String(form.get('email') ?? '')
    .trim()
    .toLowerCase()
  const name = String(form.get('name') ?? '').trim()
  const formId = String(form.get('formId') ?? '')
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || !name || !formId) redirect('/signup?error=invalid')

  // The code from <CelloUccInput/>, else the cello-referral cookie proxy.ts set.
  const fromForm = form.get('ucc')
  const ucc = isValidUcc(fromForm) ? fromForm : (readReferral((await cookies()).toString())?.ucc ?? null)

  const user = createUser({ email, name, ucc, formId })
  if (!user) redirect('/signup?error=taken')
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
  await startSession(user)
  // Sent after the response: a Cello outage never fails the signup, the event waits in the outbox.
  after(() => outbox.drain())
  redirect('/account')
}
