/** The demo app's own backend (example/demoServer.ts): accounts, sessions, purchases. */
interface DemoUser {
  id: string
  email: string
  name: string
  organizationId?: string
}

/** How the signup's referral went: reported to Cello, queued for a retry, or none. */
type ReferralOutcome = 'reported' | 'queued' | 'none'

export interface DemoSession {
  user: DemoUser | null
  referral?: ReferralOutcome
}

export interface DemoEvent {
  trigger: string
  ucc: string
  newUserId: string
  userId?: string
  price?: number
  currency?: string
  receivedAt: string
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = (await response.json()) as T & { error?: { message: string } }
  if (!response.ok) throw new Error(json.error?.message ?? `HTTP ${response.status}`)
  return json
}

export const demoApi = {
  session: () => call<DemoSession>('/demo/session'),
  signup: (input: { email: string; name: string; organization?: string; ucc: string | null }) =>
    call<DemoSession>('/demo/signup', input),
  logout: () => call<DemoSession>('/demo/logout', {}),
  buy: () => call<{ reported: boolean }>('/demo/purchases', {}),
  refund: () => call<{ reported: boolean }>('/demo/refunds', {}),
  events: () => call<{ mode: 'emulator' | 'cello'; events: DemoEvent[]; pending: number }>('/demo/events'),
}
