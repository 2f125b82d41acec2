import { describe, expect, it } from 'vitest'
import { readReferralState, withReferralState } from '../../src/edge'

const NONCE = 'Zk3q9-x_Rr0aQ2' // base64url, as most OAuth libraries make it
const UCC = 'pNRB1aYqArN'

describe('withReferralState / readReferralState', () => {
  it('keeps the whole nonce and appends the code, which reads back apart', () => {
    const sent = withReferralState(NONCE, UCC)
    expect(sent.startsWith(NONCE)).toBe(true)
    expect(sent).toBe(`${NONCE}~${UCC}`)
    expect(readReferralState(sent)).toEqual({ state: NONCE, ucc: UCC })
  })

  it('survives the round trip through a redirect URL', () => {
    const authorize = new URL('https://auth.provider.test/authorize')
    authorize.searchParams.set('state', withReferralState(NONCE, UCC))
    const callback = new URL(`https://app.example.test/callback?code=x&${authorize.search.slice(1)}`)
    expect(readReferralState(callback.searchParams.get('state'))).toEqual({ state: NONCE, ucc: UCC })
  })

  it.each([
    ['no code', null, NONCE],
    ['undefined', undefined, NONCE],
    ['an empty code', '', NONCE],
    ['a code with a space', 'abc def', NONCE],
    ['a code with ~', 'abc~def', NONCE],
    ['a code of 256 characters', 'a'.repeat(256), NONCE],
  ])('adds nothing for %s', (_, ucc, expected) => {
    expect(withReferralState(NONCE, ucc)).toBe(expected)
    expect(readReferralState(withReferralState(NONCE, ucc))).toEqual({ state: NONCE, ucc: null })
  })

  it.each([
    ['a state holding ~ and a code', 'a~b', UCC],
    ['a state holding ~ and no code', 'a~b', null],
    ['a state ending in ~', 'a~', null],
    ['an empty state', '', UCC],
    ['a JSON state', '{"n":"x~y","to":"/a?b=c"}', UCC],
  ])('reads back %s unchanged', (_, state, ucc) => {
    expect(readReferralState(withReferralState(state, ucc))).toEqual({ state, ucc })
  })

  it.each([
    ['a tampered code', `${NONCE}~bad code!`, { state: NONCE, ucc: null }],
    ['null', null, { state: '', ucc: null }],
    ['undefined', undefined, { state: '', ucc: null }],
    ['a state without a code', NONCE, { state: NONCE, ucc: null }],
  ])('reads %s without a code', (_, returned, expected) => {
    expect(readReferralState(returned)).toEqual(expected)
  })
})
