// The development-only `GET /debug/trace` route of the BFF's contract: its answer is the outbox's
// `explain` result, written once in src/shared/bffContract.ts and held here to the server's types.
import { describe, expectTypeOf, it } from 'vitest'
import type {
  BffAnswer,
  OutboxAttempt,
  OutboxExplanation,
  OutboxState as ContractOutboxState,
  SignupDecision,
  SignupDecisionReason,
  SignupSkipReason,
  TracedEvent,
  TracedEventTrigger,
} from '../../src/shared/bffContract'
import type { BffRouteHandlers, RouteAnswer } from '../../src/server/handler/handlerResponses'
import type {
  OutboxTrigger,
  CelloOutbox,
  CelloOutboxStore,
  OutboxExplanation as PublicOutboxExplanation,
  OutboxState,
} from '../../src/server'

type HandlerAnswer<R extends keyof BffRouteHandlers> = Extract<
  Awaited<ReturnType<BffRouteHandlers[R]>>,
  RouteAnswer<unknown>
>['answer']

describe('GET /debug/trace', () => {
  it('answers what outbox.explain and every store resolve to', () => {
    expectTypeOf<BffAnswer<'GET /debug/trace'>>().toEqualTypeOf<OutboxExplanation>()
    expectTypeOf<HandlerAnswer<'GET /debug/trace'>>().toEqualTypeOf<OutboxExplanation>()
    expectTypeOf<CelloOutbox['explain']>().returns.resolves.toEqualTypeOf<OutboxExplanation>()
    expectTypeOf<CelloOutboxStore['explain']>().returns.resolves.toEqualTypeOf<OutboxExplanation>()
    expectTypeOf<CelloOutbox['explain']>().parameters.toEqualTypeOf<[keyOrUserId: string]>()
    expectTypeOf<PublicOutboxExplanation>().toEqualTypeOf<OutboxExplanation>()
  })

  it('shares the states and triggers with the server, written once', () => {
    expectTypeOf<OutboxState>().toEqualTypeOf<ContractOutboxState>()
    expectTypeOf<TracedEventTrigger>().toEqualTypeOf<OutboxTrigger>()
    expectTypeOf<TracedEvent['state']>().toEqualTypeOf<OutboxState>()
    expectTypeOf<OutboxAttempt['state']>().toEqualTypeOf<Exclude<OutboxState, 'sending'>>()
  })

  it('carries ids, codes and outcomes only: no field for an email, a name or a token', () => {
    expectTypeOf<keyof OutboxExplanation>().toEqualTypeOf<'subject' | 'decisions' | 'events'>()
    expectTypeOf<keyof OutboxAttempt>().toEqualTypeOf<'at' | 'state' | 'status' | 'requestId' | 'reason'>()
    expectTypeOf<keyof SignupDecision>().toEqualTypeOf<
      'at' | 'userId' | 'newUserId' | 'outcome' | 'reason' | 'code' | 'codeFrom' | 'eventKey' | 'duplicate'
    >()
    expectTypeOf<keyof TracedEvent>().toEqualTypeOf<
      | 'key'
      | 'trigger'
      | 'state'
      | 'newUserId'
      | 'code'
      | 'uncertain'
      | 'attemptCount'
      | 'reason'
      | 'requestId'
      | 'lastStatus'
      | 'createdAt'
      | 'updatedAt'
      | 'nextAttemptAt'
      | 'deliveredAt'
      | 'attempts'
    >()
  })

  it("names every refusal: the answer's reasons and the server's not_new_user", () => {
    expectTypeOf<SignupDecisionReason>().toEqualTypeOf<SignupSkipReason | 'not_new_user'>()
    expectTypeOf<SignupDecision['outcome']>().toEqualTypeOf<'reported' | 'queued' | 'refused'>()
    // @ts-expect-error a reason outside the union does not compile
    const typo: SignupDecision['reason'] = 'not_a_new_user'
    void typo
  })
})
