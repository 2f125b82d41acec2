// The rules of `POST /signups`, in the order they apply: which code, whether the signup is Cello's
// to hear through the API, whether the account is new, whether Cello knows the code and it is not
// the user's own; then the `new-signup` is recorded in the outbox and sent, and the answer says
// where it stands. The router (createCelloHandler) only finds the signed-in user and reads the body.
import type { SignupDecision, SignupDecisionReason, SignupReport } from '../../shared/bffContract'
import { CelloError } from '../../shared/CelloError'
import { readReferral } from '../../edge/captureReferral'
import { resolveSignupUcc } from '../../edge/resolveSignupUcc'
import { CelloValidationError } from '../client/CelloApiError'
import type { CelloClient } from '../client/CelloClient'
import { lookupReferralCode, refuseReferral, type ReferralRefusal } from '../client/referralCodeLookup'
import { safeParse } from '../client/schemas'
import type { CelloOutbox } from '../outbox/createCelloOutbox'
import type { CelloHandlerErrorContext, CelloUser } from './CelloHandler'
import { badInput, problem, type RouteAnswer } from './handlerResponses'
import { issuesOf, signupBodySchema } from './handlerSchemas'
import { newSignupSubject } from './newSignupSubject'

/** What {@link reportSignup} needs from the handler's options, resolved. */
export interface SignupRules {
  client: CelloClient
  attribution: 'user' | 'organization'
  newUserWindowMs: number
  /** How long to wait for Cello: for the code's check, then for the delivery. */
  deliverWaitMs: number
  /** The outbox the signup is recorded in (created on first use). */
  outbox: () => CelloOutbox
  onError: (error: unknown, request: Request, context: CelloHandlerErrorContext) => void
}

/**
 * Reports the signed-in `user`'s signup with the referral code in `body` (or in the request's
 * referral cookie): an answer of the contract's `POST /signups`, `202` when this request recorded
 * the event, or a problem Response (`403 not_new_user`, `403 self_referral`, `400 bad_request`).
 * Throws a `CelloValidationError` when `getUser` lacks a field the rules need (the server's mistake).
 */
export async function reportSignup(
  request: Request,
  user: CelloUser,
  body: unknown,
  rules: SignupRules,
): Promise<RouteAnswer<SignupReport> | Response> {
  const input = safeParse(signupBodySchema, body)
  if (!input.success) return badInput('The signup body', issuesOf(input.error))
  // The body's code is the form's field; the one precedence rule (docs/hops.md#which-code-wins).
  const { ucc, from } = resolveSignupUcc({ field: input.data.ucc, cookie: readReferral(request)?.ucc })
  // The trace (outbox.explain): what was decided, with the code and where it came from; no email.
  const decision: Omit<SignupDecision, 'at' | 'outcome' | 'reason'> = {
    userId: user.productUserId,
    newUserId: null,
    code: ucc,
    codeFrom: from === 'field' ? 'body' : from === 'cookie' ? 'cookie' : null,
    eventKey: null,
    duplicate: false,
  }
  const refused = async <T>(reason: SignupDecisionReason, reply: T): Promise<T> => {
    await record(request, rules, { ...decision, outcome: 'refused', reason })
    return reply
  }
  if (!ucc) return refused('no_referral', { answer: { reported: false, reason: 'no_referral' } })
  // Cello counts signups from the Stripe/Chargebee webhook (the client's `sources`): nothing to send.
  if (rules.client.sources.signups !== 'api')
    return refused('webhook_source', { answer: { reported: false, reason: 'webhook_source' } })
  const { newUserId, isNew } = newSignupSubject(user, {
    attribution: rules.attribution,
    windowMs: rules.newUserWindowMs,
    now: Date.now(),
  })
  decision.newUserId = newUserId
  if (!isNew) return refused('not_new_user', problem(403, 'not_new_user', 'Only a new account can report its signup.'))
  if (!user.email)
    throw new CelloValidationError('getUser', [
      { path: 'email', message: "is needed for POST /signups (Cello asks for the new user's email)" },
    ])
  // Cello's answer about the code, before anything is recorded. When Cello cannot answer in
  // time, the signup is recorded anyway: the drainer checks the code again before sending it.
  let refusal: ReferralRefusal | null = null
  try {
    const answer = await lookupReferralCode(rules.client, ucc, AbortSignal.timeout(rules.deliverWaitMs))
    refusal = refuseReferral(answer, [newUserId, user.productUserId])
  } catch {
    // Checked by the drainer (src/server/outbox/verifySignupReferral.ts).
  }
  if (refusal === 'invalid_code')
    return refused('invalid_code', { answer: { reported: false, reason: 'invalid_code' } })
  if (refusal === 'self_referral')
    return refused(
      'self_referral',
      problem(403, 'self_referral', 'A referral code of your own cannot be used for your own signup.'),
    )
  const box = rules.outbox()
  const { key, enqueued } = await box.enqueue('new-signup', {
    ucc,
    newUserId,
    newUser: {
      id: user.productUserId,
      email: user.email,
      ...(user.name ? { name: user.name } : {}),
      ...(user.organizationId ? { organizationId: user.organizationId } : {}),
    },
  })
  const context = { eventKey: key, productUserId: user.productUserId }
  if (enqueued) {
    // Sent now, but never with the browser's signal: a closed tab must not cut a send in half.
    const delivery = box.drain({ keys: [key] }).catch((error: unknown) => rules.onError(error, request, context))
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([delivery, new Promise((resolve) => (timer = setTimeout(resolve, rules.deliverWaitMs)))])
    clearTimeout(timer)
  }
  const event = await box.get(key)
  const state = event?.state ?? 'queued'
  if (enqueued && state !== 'delivered') {
    rules.onError(
      new CelloError(
        'upstream',
        `${key} is not delivered yet (${state}): ${event?.reason ?? 'Cello is slow to answer'}. The outbox keeps it.`,
      ),
      request,
      context,
    )
  }
  const outcome = state === 'delivered' ? 'reported' : state === 'dead' ? 'refused' : 'queued'
  await record(request, rules, {
    ...decision,
    outcome,
    reason: outcome === 'refused' ? 'refused' : null,
    eventKey: key,
    duplicate: !enqueued,
  })
  return {
    answer: {
      reported: outcome === 'reported' ? true : outcome === 'refused' ? false : 'queued',
      ...(outcome === 'refused' ? { reason: 'refused' } : {}),
      ...(enqueued ? {} : { duplicate: true }),
    },
    status: enqueued ? 202 : 200,
  }
}

/**
 * Records a decision in the outbox's trace. A trace that cannot be written never changes the
 * answer: its error goes to `onError`.
 */
async function record(request: Request, rules: SignupRules, decision: Omit<SignupDecision, 'at'>): Promise<void> {
  try {
    await rules.outbox().store.recordDecision(decision)
  } catch (error) {
    rules.onError(error, request, {
      productUserId: decision.userId,
      ...(decision.eventKey ? { eventKey: decision.eventKey } : {}),
    })
  }
}
