// The BFF's contract is written once (src/shared/bffContract.ts), and both sides are held to it:
// the handler's answers (createCelloHandler's routes, reportSignup) and what createFetchBff
// expects. A change on one side that the other does not share fails here.
import { describe, expectTypeOf, it } from 'vitest'
import type * as z from 'zod'
import type {
  BffAnswer,
  BffPath,
  BffProblem,
  BffRoute,
  BffRoutes,
  HandlerErrorCode,
  SignupRefusalCode,
  SignupRequest,
} from '../../src/shared/bffContract'
import type { BffRouteHandlers, RouteAnswer } from '../../src/server/handler/handlerResponses'
import type { reportSignup } from '../../src/server/handler/reportSignup'
import type { signupBodySchema } from '../../src/server/handler/handlerSchemas'
import type { createFetchBff, CelloBff, SignupReport, SignupSkipReason } from '../../src/index'
import type { HandlerErrorCode as PublicHandlerErrorCode, HandlerInputIssue } from '../../src/server'

/** The JSON body of a route's 2xx answer, as the handler gives it. */
type HandlerAnswer<R extends BffRoute> = Extract<
  Awaited<ReturnType<BffRouteHandlers[R]>>,
  RouteAnswer<unknown>
>['answer']
/** What createFetchBff's method for a route resolves with. */
type FetchAnswer<M extends keyof CelloBff> = Awaited<ReturnType<NonNullable<ReturnType<typeof createFetchBff>[M]>>>

describe('the BFF contract', () => {
  it('has the handler answer every route of the contract, and only those', () => {
    expectTypeOf<keyof BffRouteHandlers>().toEqualTypeOf<BffRoute>()
    expectTypeOf<BffRoute>().toEqualTypeOf<
      'GET /active-link' | 'GET /referral-codes/:code' | 'POST /signups' | 'GET /widget-token' | 'GET /debug/trace'
    >()
    expectTypeOf<BffPath>().toEqualTypeOf<
      '/active-link' | `/referral-codes/${string}` | '/signups' | '/widget-token' | '/debug/trace'
    >()
  })

  it('has the handler and createFetchBff agree on every answer', () => {
    expectTypeOf<HandlerAnswer<'GET /active-link'>>().toEqualTypeOf<FetchAnswer<'getActiveLink'>>()
    expectTypeOf<HandlerAnswer<'GET /referral-codes/:code'>>().toEqualTypeOf<FetchAnswer<'validateReferralCode'>>()
    expectTypeOf<HandlerAnswer<'POST /signups'>>().toEqualTypeOf<FetchAnswer<'reportSignup'>>()
    expectTypeOf<HandlerAnswer<'GET /widget-token'>>().toEqualTypeOf<FetchAnswer<'getWidgetToken'>>()
    // POST /signups's rules live in their own module, held to the same answer.
    expectTypeOf<typeof reportSignup>().returns.resolves.toEqualTypeOf<
      RouteAnswer<BffAnswer<'POST /signups'>> | Response
    >()
    expectTypeOf<FetchAnswer<'reportSignup'>>().toEqualTypeOf<SignupReport>()
    // What createFetchBff sends is the contract's body, and the handler's schema accepts it.
    expectTypeOf<BffRoutes['POST /signups']['request']>().toEqualTypeOf<SignupRequest>()
    expectTypeOf<Parameters<CelloBff['reportSignup']>[0]>().toEqualTypeOf<SignupRequest>()
    expectTypeOf<SignupRequest>().toExtend<z.input<typeof signupBodySchema>>()
  })

  it('closes the reasons and the error codes', () => {
    expectTypeOf<NonNullable<SignupReport['reason']>>().toEqualTypeOf<SignupSkipReason>()
    // @ts-expect-error a reason outside the union does not compile, on either side
    const typo: SignupReport = { reported: false, reason: 'refused_by_cello' }
    void typo
    expectTypeOf<BffProblem['error']['code']>().toEqualTypeOf<HandlerErrorCode>()
    expectTypeOf<PublicHandlerErrorCode>().toEqualTypeOf<HandlerErrorCode>()
    expectTypeOf<HandlerInputIssue>().toEqualTypeOf<{ path: string; message: string }>()
    // The one error code that createFetchBff turns into an answer is a reason too.
    expectTypeOf<SignupRefusalCode>().toEqualTypeOf<'self_referral'>()
  })
})
