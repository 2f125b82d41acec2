import { describe, expect, it } from 'vitest'
import { resolveSignupUcc, type SignupUccSources } from '../../src/edge'

const HOP = 'hopHopHop01'
const FIELD = 'fieldCode01'
const COOKIE = 'cookieCode1'

// The precedence, docs/hops.md#which-code-wins: hop, then the form's field, then the cookie; a
// source without a valid code is skipped.
const table: [string, SignupUccSources, string | null, 'hop' | 'field' | 'cookie' | null][] = [
  ['all three', { hop: HOP, field: FIELD, cookie: COOKIE }, HOP, 'hop'],
  ['hop and cookie (OAuth callback, an older cookie)', { hop: HOP, cookie: COOKIE }, HOP, 'hop'],
  ['hop only (consent pending, fresh browser)', { hop: HOP }, HOP, 'hop'],
  ['field and cookie (a form post)', { field: FIELD, cookie: COOKIE }, FIELD, 'field'],
  ['cookie only', { cookie: COOKIE }, COOKIE, 'cookie'],
  ['an invalid hop', { hop: 'bad code!', field: FIELD, cookie: COOKIE }, FIELD, 'field'],
  ['an empty hop and field', { hop: '', field: '', cookie: COOKIE }, COOKIE, 'cookie'],
  ['a null hop, a File as field', { hop: null, field: new Blob(['x']), cookie: COOKIE }, COOKIE, 'cookie'],
  ['a field of 256 characters', { field: 'a'.repeat(256) }, null, null],
  ['nothing', {}, null, null],
  ['only invalid values', { hop: 'a b', field: 'c;d', cookie: 'e=f' }, null, null],
]

describe('resolveSignupUcc', () => {
  it.each(table)('with %s', (_, sources, ucc, from) => {
    expect(resolveSignupUcc(sources)).toEqual({ ucc, from })
  })
})
