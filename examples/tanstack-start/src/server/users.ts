// Server only: the example's users and sessions, in memory. Your app has a database.
import { randomUUID } from 'node:crypto'

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
const byEmail = new Map<string, User>()
const sessions = new Map<string, User>()
let seq = 0

/**
 * Creates the user. The same form sent twice (a double click) gets the user its first sending
 * created; `null` when the email belongs to someone else.
 */
export function createUser(input: { email: string; name: string; ucc: string | null; formId: string }): User | null {
  const existing = byEmail.get(input.email)
  if (existing) return existing.formId === input.formId ? existing : null
  const user: User = { id: `user-${++seq}`, ...input, createdAt: new Date() }
  byEmail.set(user.email, user)
  return user
}

/** Signs the user in: the `Set-Cookie` value of its session. */
export function startSession(user: User): string {
  const sid = randomUUID()
  sessions.set(sid, user)
  return `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`
}

/** The signed-in user of a request. */
export function sessionUser(request: Request): User | null {
  const sid = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(request.headers.get('cookie') ?? '')?.[1]
  return (sid && sessions.get(sid)) || null
}
