// The emulator's bearer endpoints, answering as Cello's OpenAPI document and API reference say.
// https://docs.cello.so/api-reference/introduction
import { checkEvent, checkMilestone, type ReceivedEvent, type ReceivedMilestone } from './emulatorEvents'
import type { EmulatorReferrer } from './EmulatorReferrer'

/** An answer of the emulator: status, JSON body (none for 204) and extra headers. */
export type EmulatorAnswer = { status: number; body?: unknown; headers?: Record<string, string> }

/** Cello's error body. */
export const message = (status: number, text: string): EmulatorAnswer => ({ status, body: { message: text } })

/** What the routes read and write; `reset()` replaces the arrays. */
export interface EmulatorState {
  referrers: EmulatorReferrer[]
  events: ReceivedEvent[]
  milestones: ReceivedMilestone[]
}

/**
 * An 11-character alphanumeric code derived from the whole user id, as Cello's codes look
 * (https://docs.cello.so/key-concepts). Two 32-bit hashes over every UTF-16 unit (cyrb53's mixing),
 * so ids that differ anywhere, not just in their first 11 characters, get different codes.
 */
function codeFor(productUserId: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < productUserId.length; i++) {
    const c = productUserId.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  let out = ''
  for (let i = 0; out.length < 11; i++) {
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909) ^ i
    out += alphabet[(h1 >>> 0) % alphabet.length]
  }
  return out
}

/** What a route needs from its request besides method and path. */
export interface EmulatorRouteRequest {
  /** Checks (and records) the bearer token; `true` when it is valid. */
  authorized(): boolean
  /** The JSON body (`undefined` when empty), or `ok: false` when it is not JSON. */
  body: { ok: true; value: unknown } | { ok: false }
}

/**
 * The bearer endpoints over `state`. The path is matched first (unknown → 404, wrong method →
 * 405), then the bearer token (→ 401), then the JSON body (→ 400), as a gateway in front of Cello would.
 * `onChange` is called after each change of `state` (for `persistPath`).
 */
export function createEmulatorRoutes(
  state: EmulatorState,
  { now, linkBase, onChange }: { now: () => number; linkBase: string; onChange: () => void },
) {
  const byUcc = (ucc: string) => state.referrers.find((r) => r.ucc === ucc)
  const byUser = (id: string) => state.referrers.find((r) => r.productUserId === id)

  return function route(method: string, path: string, request: EmulatorRouteRequest): EmulatorAnswer {
    let segments: string[]
    try {
      segments = path.split('/').slice(1).map(decodeURIComponent)
    } catch {
      return message(400, 'Malformed path')
    }
    const [first, second, third, fourth] = segments
    const allow = (m: string, answer: (body: unknown) => EmulatorAnswer): EmulatorAnswer => {
      if (method !== m) return message(405, `Method ${method} not allowed`)
      if (!request.authorized()) return message(401, 'Unauthorized')
      return request.body.ok ? answer(request.body.value) : message(400, 'Malformed JSON body')
    }
    if (path === '/events') {
      return allow('POST', (body) => {
        const named = typeof body === 'object' && body !== null && 'eventName' in body ? body.eventName : undefined
        if (named === 'MilestoneReached') {
          const checked = checkMilestone(body)
          if (!checked.ok) return message(400, checked.message)
          const sequence = (state.milestones.at(-1)?.sequence ?? 0) + 1
          state.milestones.push({ ...checked.milestone, receivedAt: new Date(now()).toISOString(), sequence })
          return { status: 200, body: { success: true } }
        }
        const checked = checkEvent(body)
        if (!checked.ok) return message(400, checked.message)
        const sequence = (state.events.at(-1)?.sequence ?? 0) + 1
        state.events.push({ ...checked.event, receivedAt: new Date(now()).toISOString(), sequence })
        onChange()
        return { status: 200, body: { success: true } }
      })
    }
    if (first === 'referral-codes' && second === 'active-link' && third && segments.length === 3) {
      return allow('GET', () => {
        let referrer = byUser(third)
        if (!referrer) {
          state.referrers.push(
            (referrer = { productUserId: third, ucc: codeFor(third), campaignId: 'default-campaign' }),
          )
          onChange()
        }
        return { status: 200, body: { activeUcc: referrer.ucc, link: `${linkBase}${referrer.ucc}` } }
      })
    }
    if (first === 'referral-codes' && second && segments.length === 2) {
      return allow('GET', () => {
        const referrer = byUcc(second)
        return referrer
          ? {
              status: 200,
              body: {
                code: second,
                productUserId: referrer.productUserId,
                valid: true,
                campaignId: referrer.campaignId ?? 'default-campaign',
              },
            }
          : { status: 200, body: { code: second, productUserId: '', valid: false, campaignId: '' } }
      })
    }
    if (first === 'new-users' && second && third === 'reward' && segments.length === 3) {
      // The first accepted signup stands, whatever its code: a sender that lost the answer to its
      // new-signup can see that it was recorded. Only a known referrer's code makes it eligible.
      return allow('GET', () => {
        const signup = state.events.find(
          (e) =>
            e.context.event.trigger === 'new-signup' &&
            (e.payload.newUserId === second || e.context.newUser?.id === second),
        )
        if (!signup) return { status: 200, body: { eligible: false, reward: null } }
        const recorded = {
          signupId: `signup_${signup.sequence}`,
          signupAt: signup.context.event.timestamp,
          referralUcc: signup.payload.ucc,
        }
        const referrer = byUcc(signup.payload.ucc)
        if (!referrer) return { status: 200, body: { eligible: false, reward: null, ...recorded } }
        const reward = { type: 'standard', interval: 'month', intervalCount: 6, percentage: 50 }
        return {
          status: 200,
          body: { eligible: true, reward, ...recorded, campaignId: referrer.campaignId ?? 'default-campaign' },
        }
      })
    }
    if (first === 'referrers' && second && third === 'depersonalize' && fourth === undefined) {
      return allow('POST', () => {
        const referrer = byUser(second)
        if (!referrer) return message(404, 'Referrer not found')
        delete referrer.name
        onChange()
        return { status: 204 }
      })
    }
    return message(404, 'Not Found')
  }
}
