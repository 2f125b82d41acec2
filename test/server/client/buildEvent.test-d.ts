// The hand-written input types of the server against the zod schemas that check them at run time:
// each must accept exactly what its schema takes, so an edit to one side alone fails here.
import { describe, expectTypeOf, it } from 'vitest'
import type * as z from 'zod'
import type {
  CelloUser,
  TrackChargeRefundedInput,
  TrackDemoCallAttendedInput,
  TrackInvoicePaidInput,
  TrackSignupInput,
} from '../../../src/server'
import type { eventInputSchemas } from '../../../src/server/client/buildEvent'
import type { celloUserSchema } from '../../../src/server/handler/handlerSchemas'

type Input<T extends keyof typeof eventInputSchemas> = z.input<(typeof eventInputSchemas)[T]>

describe('event inputs match their schemas', () => {
  it('new-signup', () => {
    expectTypeOf<TrackSignupInput>().toExtend<Input<'new-signup'>>()
    expectTypeOf<Input<'new-signup'>>().toExtend<TrackSignupInput>()
  })
  it('demo-call-attended', () => {
    expectTypeOf<TrackDemoCallAttendedInput>().toExtend<Input<'demo-call-attended'>>()
    expectTypeOf<Input<'demo-call-attended'>>().toExtend<TrackDemoCallAttendedInput>()
  })
  it('invoice-paid', () => {
    expectTypeOf<TrackInvoicePaidInput>().toExtend<Input<'invoice-paid'>>()
    expectTypeOf<Input<'invoice-paid'>>().toExtend<TrackInvoicePaidInput>()
  })
  it('charge-refunded', () => {
    expectTypeOf<TrackChargeRefundedInput>().toExtend<Input<'charge-refunded'>>()
    expectTypeOf<Input<'charge-refunded'>>().toExtend<TrackChargeRefundedInput>()
  })
})

describe("the handler's getUser result matches its schema", () => {
  it('CelloUser', () => {
    expectTypeOf<CelloUser>().toExtend<z.input<typeof celloUserSchema>>()
    expectTypeOf<z.input<typeof celloUserSchema>>().toExtend<CelloUser>()
  })
})
