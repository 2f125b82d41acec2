// Server only: the example's users and sessions, in memory. Your app has a database.
import { randomUUID } from 'node:crypto'
import { cookies } from 'next/headers'

export interface User {
  id: string
  email: string
  name: string
  ucc: string | null
  createdAt: Date
  /** The signup form it came from. */
  formId: string
}

const SESSION_COOKIE = 'example-session'
const shared = globalThis as typeof globalThis & {
  __users?: { byEmail: Map<string, User>; sessions: Map<string, User>; seq: number }
}
const db = (shared.__users ??= { byEmail: new Map(), sessions: new Map(), seq: 0 })

/**
 * Creates the user. The same form sent twice (a double click) gets the user its first sending
 * created; `null` when the email belongs to someone else.
 */
export function createUser(input: { email: string; name: string; ucc: string | null; formId: string }): User | null {
  const existing = db.byEmail.get(input.email)
  if (existing) return existing.formId === input.formId ? existing : null
  const user: User = { id: `user-${++db.seq}`, ...input, createdAt: new Date() }
  db.byEmail.set(user.email, user)
  return user
}

/** Signs the user in: a session cookie (server actions and route handlers only). */
export async function startSession(user: User): Promise<void> {
  const sid = randomUUID()
  db.sessions.set(sid, user)
  ;(await cookies()).set(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', path: '/' })
}

/** The signed-in user of a request, from its `Cookie` header. */
export function sessionUser(cookieHeader: string | null): User | null {
  const sid = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookieHeader ?? '')?.[1]
  return (sid && db.sessions.get(sid)) || null
}

/** The signed-in user, in a Server Component. */
export async function currentUser(): Promise<User | null> {
  return sessionUser((await cookies()).toString())
}
