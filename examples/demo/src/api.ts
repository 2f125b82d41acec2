/** The demo app's own backend (examples/demo/demoServer.ts): accounts, sessions, purchases, the outbox. */
interface DemoUser {
  id: string
  email: string
  name: string
  organizationId?: string
}

export interface DemoSession {
  user: DemoUser | null
  /** Where the user's `new-signup` event stands in the outbox; `null` without a referral. */
  referral: { key: string; state: OutboxState; attempts: number; reason: string | null } | null
}

/** Where an event stands in the outbox (see `OutboxState` in react-cello/server). */
export type OutboxState = 'queued' | 'sending' | 'ambiguous' | 'delivered' | 'held' | 'dead'

/** An event the app recorded in its outbox, to send to Cello. */
export interface OutboxRow {
  key: string
  trigger: string
  state: OutboxState
  attempts: number
  reason: string | null
  uncertain: boolean
  ucc: string
  newUserId: string
  price?: number
  currency?: string
}

/** An event Cello (the emulator) accepted. */
interface ReceivedRow {
  sequence: number
  trigger: string
  ucc: string
  newUserId: string
  price?: number
  currency?: string
  receivedAt: string
}

export interface DemoEvents {
  mode: 'emulator' | 'cello'
  /** Where users, sessions and the outbox live, in words. */
  storage: string
  /** Whether the emulator is switched off; `null` with the real Cello. */
  celloDown: boolean | null
  /** The emulator will record the next event but drop its answer (armed from the panel). */
  losingNextAnswer: boolean
  /** Newest first. */
  outbox: OutboxRow[]
  /** Newest first; `null` with the real Cello (see its Event Feed instead). */
  received: ReceivedRow[] | null
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
  login: (email: string) => call<DemoSession>('/demo/login', { email }),
  logout: () => call<DemoSession>('/demo/logout', {}),
  buy: () => call<{ invoiceId: string }>('/demo/purchases', {}),
  refund: () => call<{ invoiceId: string }>('/demo/refunds', {}),
  events: () => call<DemoEvents>('/demo/events'),
  setCelloDown: (down: boolean) => call<{ celloDown: boolean }>('/demo/cello', { down }),
  loseNextAnswer: () => call<{ armed: true }>('/demo/cello/lose-next-answer', {}),
  resolve: (key: string, to: 'queued' | 'delivered') => call<{ key: string }>('/demo/outbox/resolve', { key, to }),
}
