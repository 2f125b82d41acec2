// Closed error codes: a code outside the unions does not compile, and isCelloError narrows.
import { describe, expectTypeOf, it } from 'vitest'
import { CelloError, isCelloError, type AnyCelloErrorCode, type CelloErrorCode } from '../../src/index'
import {
  isCelloApiError,
  type CelloApiError,
  type CelloApiErrorCode,
  type CelloServerErrorCode,
} from '../../src/server'

describe('CelloError codes', () => {
  it('narrows to the code given to isCelloError', () => {
    const error: unknown = new Error('x')
    if (isCelloError(error, 'unauthorized')) expectTypeOf(error.code).toEqualTypeOf<'unauthorized'>()
    if (isCelloError(error, 'server_only')) expectTypeOf(error.code).toEqualTypeOf<'server_only'>()
    if (isCelloError(error)) expectTypeOf(error.code).toEqualTypeOf<AnyCelloErrorCode>()
  })

  it('refuses a code that no CelloError carries', () => {
    // @ts-expect-error 'typo' is not a CelloError code
    isCelloError(new Error('x'), 'typo')
    // @ts-expect-error the constructor takes a documented code only
    void new CelloError('typo', 'message')
    // @ts-expect-error CelloError<Code> no longer accepts any string
    expectTypeOf<CelloError<string>>().not.toBeNever()
  })

  it('keeps the browser and server unions apart, sharing only codes of one meaning', () => {
    expectTypeOf<Extract<CelloErrorCode, CelloServerErrorCode>>().toEqualTypeOf<'invalid_argument' | 'upstream'>()
    expectTypeOf<CelloApiErrorCode>().toEqualTypeOf<'api_error' | 'api_unreachable' | 'timeout' | 'api_bad_response'>()
    expectTypeOf<CelloApiErrorCode>().toExtend<CelloServerErrorCode>()
    expectTypeOf<'server_only'>().toExtend<CelloServerErrorCode>()
    expectTypeOf<CelloError['code']>().toEqualTypeOf<CelloErrorCode>()
  })

  it('narrows a CelloApiError to its code', () => {
    const error: unknown = new Error('x')
    if (isCelloApiError(error, 'timeout')) expectTypeOf(error).toEqualTypeOf<CelloApiError>()
    // @ts-expect-error a browser code is not a CelloApiError code
    isCelloApiError(error, 'network')
  })
})
