// Cello's reward webhook (https://docs.cello.so/attribution/credit-based-rewards): Cello POSTs
// each reward with Basic auth and `X-Cello-Env`, at least once, with an `eventId` stable across
// retries. The handler checks who is calling and from where, validates the body, and records the
// event in the ledger in the same transaction as the app's `onReward`: a 2xx only after that
// commit, a 5xx when it fails (Cello retries), a `duplicate` 200 for an event already credited.
import type { CelloEnvironment } from '../../shared/types'
import { CelloError } from '../../shared/CelloError'
import type { CelloHandler } from '../handler/CelloHandler'
import { badInput, json, problem, readJsonBody } from '../handler/handlerResponses'
import { issuesOf } from '../handler/handlerSchemas'
import { safeParse } from '../client/schemas'
import { checkBasicAuth } from './checkBasicAuth'
import type { CelloReward, CelloRewardLedger, CelloWebhookEvent } from './CelloRewardLedger'
import { newRewardDataSchema, webhookEnvelopeSchema } from './rewardWebhookSchemas'

/** What `onReward` and `onUnknown` get besides the event: the ledger's transaction. */
export interface RewardContext<E> {
  /**
   * The transaction the event is being recorded in (`postgresRewardLedger`: its client, e.g. a
   * node-postgres `PoolClient`; `memoryRewardLedger`: `undefined`). Write the credit through it,
   * so that the credit and the record commit together.
   */
  executor: E
}

/** Options of {@link createCelloWebhookHandler}. */
export interface CelloWebhookHandlerOptions<E> {
  /** The Basic auth username you agreed with Cello for the webhook. */
  username: string
  /** The Basic auth password you agreed with Cello for the webhook. Never logged. */
  password: string
  /**
   * Which of Cello's environments this endpoint serves: deliveries whose `X-Cello-Env` names the
   * other one are refused (403). `production` is Cello's `prod`.
   */
  environment: CelloEnvironment
  /** Where each event id is recorded: `postgresRewardLedger(…)` in production, `memoryRewardLedger()` in tests. */
  ledger: CelloRewardLedger<E>
  /**
   * Grants the credits, once per reward: runs in the transaction that records the event; throw
   * to roll both back and answer 500, so that Cello delivers it again.
   */
  onReward(reward: CelloReward, context: RewardContext<E>): Promise<void> | void
  /**
   * An event this package does not know (another `eventType`, or a reward that is not
   * `credits`): it is recorded and acknowledged (200) either way; this hook, when given, runs in
   * the same transaction (throw to refuse it with a 500).
   */
  onUnknown?(event: CelloWebhookEvent, context: RewardContext<E>): Promise<void> | void
  /** Told about every 500 (a failing `onReward`, the database): never given the password. @defaultValue console.error of the error's name and message */
  onError?(error: unknown, event: CelloWebhookEvent | null): void
  /** The largest body accepted; larger ones get 413. @defaultValue 65536 */
  maxBodyBytes?: number
}

/** The 200 answer's body: the event was recorded now, or had been (`duplicate`). */
export interface CelloWebhookReceipt {
  received: true
  eventId: string
  duplicate: boolean
  /** `false` for an event type this package does not know (recorded, not credited). */
  handled: boolean
}

const HEADER_OF: Record<CelloEnvironment, string> = { production: 'prod', sandbox: 'sandbox' }

/**
 * The endpoint for Cello's credit-reward webhook, as a Web `Request` → `Response` function (use
 * `toNodeHandler` for Express or `node:http`). Answers: 200 `{ received, eventId, duplicate,
 * handled }`; 401 `unauthorized` (wrong Basic credentials); 403 `forbidden` (`X-Cello-Env` of
 * the other environment, or missing); 405 `method_not_allowed` (not POST); 413
 * `payload_too_large`; 400 `bad_request` (not JSON, or not Cello's shape, with `issues`); 500
 * `server_error` (`onReward` or the ledger failed: nothing was recorded, Cello retries).
 *
 * @example
 * // app/api/cello/rewards/route.ts (Next.js)
 * export const POST = createCelloWebhookHandler({
 *   username: process.env.CELLO_WEBHOOK_USER!, password: process.env.CELLO_WEBHOOK_PASSWORD!,
 *   environment: 'production', ledger: postgresRewardLedger({ transaction: poolTransaction(pool) }),
 *   onReward: async (reward, { executor }) => {
 *     await executor.query('UPDATE users SET credits = credits + $1 WHERE id = $2', [reward.amount, reward.productUserId])
 *   },
 * })
 */
export function createCelloWebhookHandler<E>(options: CelloWebhookHandlerOptions<E>): CelloHandler {
  if (!options.username || !options.password)
    throw new CelloError('invalid_argument', 'createCelloWebhookHandler: username and password are required.')
  if (options.environment !== 'production' && options.environment !== 'sandbox')
    throw new CelloError(
      'invalid_argument',
      "createCelloWebhookHandler: environment must be 'production' or 'sandbox'.",
    )
  const credentials = { username: options.username, password: options.password }
  const expectedEnv = HEADER_OF[options.environment]
  const limit = options.maxBodyBytes ?? 64 * 1024
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(
        `[react-cello] reward webhook: ${error instanceof Error ? `${error.name}: ${error.message}` : 'failure'}`,
      ))

  return async (request) => {
    if (request.method !== 'POST') return problem(405, 'method_not_allowed', 'Use POST.', { allow: 'POST' })
    if (!(await checkBasicAuth(request.headers.get('authorization'), credentials)))
      return problem(401, 'unauthorized', 'Wrong or missing Basic credentials.', {
        'www-authenticate': 'Basic realm="cello-webhook", charset="UTF-8"',
      })
    const env = request.headers.get('x-cello-env')
    if (env !== expectedEnv)
      return problem(
        403,
        'forbidden',
        `This endpoint serves X-Cello-Env: ${expectedEnv}; the request was for ${env === null ? 'no environment' : 'another one'}.`,
      )
    const body = await readJsonBody(request, limit)
    if (!body.ok) return body.response
    const envelope = safeParse(webhookEnvelopeSchema, body.value)
    if (!envelope.success) return badInput("The webhook's body", issuesOf(envelope.error))
    const { eventId, eventType, data } = envelope.data
    let event: CelloWebhookEvent = {
      eventId,
      eventType,
      environment: options.environment,
      createdTs: envelope.data.createdTs ?? null,
      version: envelope.data.version ?? null,
      productUserId: null,
      rewardId: null,
      rewardType: null,
      amount: null,
      data: data ?? null,
    }
    let reward: CelloReward | null = null
    if (eventType === 'new-reward') {
      const parsed = safeParse(newRewardDataSchema, data)
      if (!parsed.success)
        return badInput(
          "The webhook's body",
          issuesOf(parsed.error).map((i) => ({ ...i, path: i.path ? `data.${i.path}` : 'data' })),
        )
      const { rewardId, productUserId, rewardType, reward: value } = parsed.data
      event = { ...event, productUserId, rewardId, rewardType, amount: value.amount ?? null }
      if (rewardType === 'credits' && value.amount !== undefined) {
        reward = {
          eventId,
          rewardId,
          productUserId,
          rewardType,
          amount: value.amount,
          createdTs: event.createdTs,
          version: event.version,
          environment: options.environment,
        }
      }
    }
    try {
      const { duplicate } = await options.ledger.record(event, async (executor) => {
        if (reward) await options.onReward(reward, { executor })
        else await options.onUnknown?.(event, { executor })
      })
      return json({ received: true, eventId, duplicate, handled: reward !== null } satisfies CelloWebhookReceipt)
    } catch (error) {
      onError(error, event)
      return problem(500, 'server_error', 'The reward could not be recorded; it was not applied. Deliver it again.')
    }
  }
}
