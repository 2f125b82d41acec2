// The fake attribution script served by the test server acts only while its own tag is in the page:
// a slow load from one test cannot write the next test's cookies (a CI run saw a malformed code's
// test find `cello-referral` written by an earlier test's script that arrived late).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cookie, fakeScriptSrc, resetPage, visit } from '../../support/browserPage'

beforeEach(resetPage)
afterEach(resetPage)

/** Injects a module script tag as the provider does; resolves when it has loaded (or failed). */
function inject(src: string): { tag: HTMLScriptElement; loaded: Promise<void> } {
  const tag = document.createElement('script')
  tag.type = 'module'
  tag.async = true
  tag.src = src
  const loaded = new Promise<void>((resolve) => {
    tag.addEventListener('load', () => resolve())
    tag.addEventListener('error', () => resolve())
  })
  document.head.append(tag)
  return { tag, loaded }
}

describe('the fake attribution script on the test server', () => {
  it('writes the referral cookie while its tag is in the page', async () => {
    visit('/?ucc=keptCode1')
    await inject(fakeScriptSrc({ delayMs: 200 })).loaded
    expect(cookie('cello-referral')).toBe('keptCode1')
    expect(typeof window.CelloAttribution).toBe('function')
  })

  it('does nothing when its tag left the page before it arrived', async () => {
    visit('/?ucc=lateCode1')
    const { tag, loaded } = inject(fakeScriptSrc({ delayMs: 200 }))
    tag.remove()
    await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, 1500))])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(cookie('cello-referral')).toBeNull()
    expect(window.CelloAttribution).toBeUndefined()
  })
})
