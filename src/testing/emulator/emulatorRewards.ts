// The emulator's side of Cello's credit-reward webhook (https://docs.cello.so/attribution/credit-based-rewards):
// a POST to your endpoint with Basic auth, `Content-Type: application/json; charset=utf-8` and
// `X-Cello-Env`, delivered at least once: retried after a non-2xx or a lost connection, with the
// same `eventId` each time, and parked (`failed`, Cello's failure queue) when the retries run out.
// Switches make the at-least-once part happen on purpose: duplicates after a success, or copies
// sent at the same moment.

/** Where and how the emulator delivers reward webhooks. */
export interface RewardWebhookOptions {
  /** Your endpoint, e.g. `http://127.0.0.1:3000/api/cello/rewards`. */
  url: string
  username: string
  password: string
  /** The `X-Cello-Env` header. @defaultValue 'prod' */
  env?: 'prod' | 'sandbox'
  /** Deliveries of one event in all before it goes to the failure queue. @defaultValue 5 */
  maxAttempts?: number
  /** The wait before the first retry; doubled before each next one. @defaultValue 1000 */
  retryDelayMs?: number
  /** An attempt with no answer after this long counts as failed. @defaultValue 10000 */
  timeoutMs?: number
}

/** One reward to deliver: a user and an amount, the rest made up unless given. */
export interface EmulatorRewardInput {
  productUserId: string
  amount: number
  /** @defaultValue a new `evt_…` */
  eventId?: string
  /** @defaultValue a new `rwd_…` */
  rewardId?: string
  /** Another event type, to try an endpoint with one it does not know. @defaultValue 'new-reward' */
  eventType?: string
}

/** The at-least-once switches of one {@link sendReward} call. */
export interface RewardDeliverySwitches {
  /** Extra deliveries of the same event after the first one succeeded. @defaultValue 0 */
  duplicates?: number
  /** Send the first delivery and its `duplicates` at the same moment instead. @defaultValue false */
  concurrent?: boolean
  /** Retry after a non-2xx or a lost connection. @defaultValue true */
  retry?: boolean
}

/** One HTTP attempt the emulator made. */
export interface RewardDelivery {
  eventId: string
  /** 1 for the first attempt of a copy, 2… for its retries. */
  attempt: number
  /** 0 for the first copy, 1… for the duplicates. */
  copy: number
  /** The answer's status, or `'network_error'` (refused, reset, timed out). */
  status: number | 'network_error'
  /** The answer's body, as text (cut at 2 KB). */
  response: string
  at: string
}

/** What {@link sendReward} did with one event. */
export interface SentReward {
  eventId: string
  rewardId: string
  /** The body as sent, the same on every attempt. */
  body: RewardWebhookBody
  /** `delivered` when every copy got a 2xx; `failed` when one ran out of attempts (Cello's failure queue). */
  outcome: 'delivered' | 'failed'
  deliveries: RewardDelivery[]
}

/** The webhook's body, as Cello's docs show it. */
export interface RewardWebhookBody {
  version: string
  eventType: string
  createdTs: string
  eventId: string
  data: { rewardId: string; productUserId: string; rewardType: 'credits'; reward: { amount: number } }
}

const randomId = (prefix: string) => `${prefix}_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`

/** The emulator's reward sender: configured once, then `send` per reward; `deliveries` records every attempt. */
export function createRewardSender(initial: RewardWebhookOptions | undefined, now: () => number) {
  let options = initial
  let deliveries: RewardDelivery[] = []

  async function attempt(body: RewardWebhookBody, copy: number, number: number, o: RewardWebhookOptions) {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? 10_000)
    const record: RewardDelivery = {
      eventId: body.eventId,
      attempt: number,
      copy,
      status: 'network_error',
      response: '',
      at: new Date(now()).toISOString(),
    }
    deliveries.push(record)
    try {
      const response = await fetch(o.url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa(`${o.username}:${o.password}`)}`,
          'content-type': 'application/json; charset=utf-8',
          'x-cello-env': o.env ?? 'prod',
        },
        body: JSON.stringify(body),
        signal: controller.signal,
      })
      record.response = (await response.text()).slice(0, 2048)
      record.status = response.status
    } catch {
      record.status = 'network_error'
    } finally {
      clearTimeout(timer)
    }
    return typeof record.status === 'number' && record.status >= 200 && record.status < 300
  }

  /** One copy of the event, with its retries: `true` once a 2xx came back. */
  async function deliver(body: RewardWebhookBody, copy: number, o: RewardWebhookOptions, retry: boolean) {
    const maxAttempts = retry ? (o.maxAttempts ?? 5) : 1
    for (let n = 1; n <= maxAttempts; n++) {
      if (await attempt(body, copy, n, o)) return true
      if (n < maxAttempts) await new Promise((resolve) => setTimeout(resolve, (o.retryDelayMs ?? 1000) * 2 ** (n - 1)))
    }
    return false
  }

  return {
    configure(next: RewardWebhookOptions) {
      options = next
    },
    get deliveries(): readonly RewardDelivery[] {
      return deliveries
    },
    reset() {
      deliveries = []
    },
    async send(input: EmulatorRewardInput, switches: RewardDeliverySwitches = {}): Promise<SentReward> {
      const o = options
      if (!o)
        throw new Error(
          'sendReward: configure the reward webhook first (rewardWebhook option or configureRewardWebhook).',
        )
      const body: RewardWebhookBody = {
        version: '1.0.3',
        eventType: input.eventType ?? 'new-reward',
        createdTs: new Date(now()).toISOString(),
        eventId: input.eventId ?? randomId('evt'),
        data: {
          rewardId: input.rewardId ?? randomId('rwd'),
          productUserId: input.productUserId,
          rewardType: 'credits',
          reward: { amount: input.amount },
        },
      }
      const retry = switches.retry ?? true
      const copies = 1 + Math.max(0, switches.duplicates ?? 0)
      const results: boolean[] = []
      if (switches.concurrent) {
        results.push(...(await Promise.all(Array.from({ length: copies }, (_, copy) => deliver(body, copy, o, retry)))))
      } else {
        for (let copy = 0; copy < copies; copy++) {
          const ok = await deliver(body, copy, o, retry)
          results.push(ok)
          if (!ok) break
        }
      }
      return {
        eventId: body.eventId,
        rewardId: body.data.rewardId,
        body,
        outcome: results.length === copies && results.every(Boolean) ? 'delivered' : 'failed',
        deliveries: deliveries.filter((d) => d.eventId === body.eventId),
      }
    },
  }
}
