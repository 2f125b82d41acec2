// The capture script (src/capture/capture.ts, shipped as react-cello/capture.js) in jsdom: the
// same rules as the provider's capture. In real Chromium on real host names, with Cello's CDN
// blocked: test/e2e/hopsCapture.e2e.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest'

const UCC = 'abcDEF12345'
// The listeners each run adds to the document (the script never removes them: it lives as long as its page).
const added: Parameters<Document['removeEventListener']>[] = []

afterEach(() => {
  for (const args of added.splice(0)) document.removeEventListener(...args)
  document.cookie = 'cello-referral=; Max-Age=0; Path=/'
  history.replaceState(null, '', '/')
  document.body.innerHTML = ''
  delete window.celloCaptureConsent
})

/** Runs the script on a page opened at `url`, its tag carrying `data` attributes. */
async function runScriptAt(url: string, data: Record<string, string> = {}) {
  history.replaceState(null, '', url)
  const tag = document.createElement('script')
  Object.assign(tag.dataset, data)
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(tag)
  const listen = vi.spyOn(document, 'addEventListener')
  vi.resetModules()
  await import('../../src/capture/capture')
  for (const [type, listener, options] of listen.mock.calls) added.push([type, listener, options])
}

/** Submits a form with an empty `ucc` field (its submission cancelled), and returns the field's value. */
function submitUccField() {
  document.body.innerHTML = '<form action="/signup"><input type="hidden" name="ucc"></form>'
  const form = document.querySelector('form')
  const field = document.querySelector('input')
  form?.addEventListener('submit', (event) => event.preventDefault())
  form?.requestSubmit()
  return field?.value
}

describe('react-cello/capture.js', () => {
  it('writes cello-referral from a valid code in the URL, and fills the form field', async () => {
    await runScriptAt(`/?ucc=${UCC}`)
    expect(document.cookie).toContain(`cello-referral=${UCC}`)
    expect(submitUccField()).toBe(UCC)
  })

  it('ignores an invalid code', async () => {
    await runScriptAt('/?ucc=a%3Bb')
    expect(document.cookie).not.toContain('cello-referral')
    expect(submitUccField()).toBe('')
  })

  it('stores nothing while consent is pending, then writes on granted and deletes on denied', async () => {
    await runScriptAt(`/?ucc=${UCC}`, { consent: 'pending' })
    expect(document.cookie).not.toContain('cello-referral')
    expect(submitUccField()).toBe(UCC)
    window.celloCaptureConsent?.('granted')
    expect(document.cookie).toContain(`cello-referral=${UCC}`)
    window.celloCaptureConsent?.('denied')
    expect(document.cookie).not.toContain('cello-referral')
    expect(submitUccField()).toBe('')
  })

  it('decorates links to data-cross-domains only', async () => {
    await runScriptAt(`/?ucc=${UCC}&celloN=QWxpY2U`, { crossDomains: 'app.example.io, other.example' })
    document.body.innerHTML = '<a href="https://app.example.io/s">a</a><a href="https://elsewhere.example/">b</a>'
    const links = [...document.querySelectorAll('a')]
    for (const link of links) {
      link.addEventListener('click', (event) => event.preventDefault())
      link.click()
    }
    expect(links.map((link) => link.href)).toEqual([
      `https://app.example.io/s?ucc=${UCC}&celloN=QWxpY2U`,
      'https://elsewhere.example/',
    ])
  })
})
