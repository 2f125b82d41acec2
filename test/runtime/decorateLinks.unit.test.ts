// Link and form decoration (crossDomains, consent pending) in jsdom: what each followed link and
// submitted form carries. The same in real Chromium: decorateLinks.browser.test.ts.
import { afterEach, describe, expect, it } from 'vitest'
import { parseReferralParams } from '../../src/shared/parseReferralParams'
import {
  decorateLinks,
  leadsToListed,
  referralParams,
  withReferral,
  type Decoration,
} from '../../src/runtime/decorateLinks'

const UCC = 'pNRB1aYqArN'
const base: Decoration = {
  params: referralParams({ ucc: UCC, referrerName: 'Zoë' }),
  domains: ['app.example.io'],
  sameOrigin: false,
}

let undo: (() => void) | undefined
afterEach(() => {
  undo?.()
  document.body.innerHTML = ''
})

/** Clicks a link whose navigation is cancelled (jsdom navigates nowhere), and returns its href after. */
function follow(href: string, decoration: Decoration | null = base) {
  undo = decorateLinks(() => decoration)
  const link = Object.assign(document.createElement('a'), { href, textContent: 'go' })
  link.addEventListener('click', (event) => event.preventDefault())
  document.body.append(link)
  link.click()
  return link.href
}

describe('leadsToListed', () => {
  it('matches a listed domain and its subdomains, over http(s) only', () => {
    const where = { domains: ['app.example.io'], sameOrigin: false }
    expect(leadsToListed(new URL('https://app.example.io/signup'), where)).toBe(true)
    expect(leadsToListed(new URL('https://eu.app.example.io/'), where)).toBe(true)
    expect(leadsToListed(new URL('https://example.io/'), where)).toBe(false)
    expect(leadsToListed(new URL('https://evilapp.example.io/'), where)).toBe(false)
    expect(leadsToListed(new URL('https://app.example.io.evil.com/'), where)).toBe(false)
    expect(leadsToListed(new URL('mailto:x@app.example.io'), where)).toBe(false)
  })

  it('matches this origin only when asked', () => {
    const here = new URL('/signup', location.href)
    expect(leadsToListed(here, { domains: [], sameOrigin: false })).toBe(false)
    expect(leadsToListed(here, { domains: [], sameOrigin: true })).toBe(true)
  })
})

describe('referralParams and withReferral', () => {
  it('add the code, the name as base64 UTF-8 (what decodeReferrerName reads) and the product id', () => {
    const params = referralParams({ ucc: UCC, referrerName: 'Zoë', productId: 'p1' })
    const href = withReferral(new URL('https://app.example.io/s?plan=pro#top'), params)
    expect(href).toBe(`https://app.example.io/s?plan=pro&ucc=${UCC}&celloN=Wm%2FDqw%3D%3D&productId=p1#top`)
    expect(parseReferralParams(new URL(href).search)).toEqual({ ucc: UCC, referrerName: 'Zoë', productId: 'p1' })
  })

  it('use the configured names', () => {
    expect(withReferral(new URL('https://a.io/'), referralParams({ ucc: UCC }, { ucc: 'ref' }))).toBe(
      `https://a.io/?ref=${UCC}`,
    )
  })

  it('leave a link that already carries a code alone', () => {
    expect(withReferral(new URL('https://a.io/?ucc=other'), base.params)).toBe('https://a.io/?ucc=other')
  })
})

describe('decorateLinks', () => {
  it('decorates a followed link to a listed domain', () => {
    expect(follow('https://app.example.io/signup')).toBe(
      `https://app.example.io/signup?ucc=${UCC}&celloN=Wm%2FDqw%3D%3D`,
    )
  })

  it('leaves links to unlisted domains and to this origin alone', () => {
    expect(follow('https://elsewhere.example/')).toBe('https://elsewhere.example/')
    undo?.()
    expect(follow('/signup')).toBe(new URL('/signup', location.href).href)
  })

  it('decorates links to this origin while asked (consent pending)', () => {
    expect(follow('/signup', { ...base, sameOrigin: true })).toBe(
      new URL(`/signup?ucc=${UCC}&celloN=Wm%2FDqw%3D%3D`, location.href).href,
    )
  })

  it('does nothing without a code, or once undone', () => {
    expect(follow('https://app.example.io/', null)).toBe('https://app.example.io/')
    undo?.()
    undo = undefined
    const link = Object.assign(document.createElement('a'), { href: 'https://app.example.io/x' })
    link.addEventListener('click', (event) => event.preventDefault())
    document.body.append(link)
    link.click()
    expect(link.href).toBe('https://app.example.io/x')
  })

  it('adds the referral to a GET form as fields, and to a POST form in its action too', () => {
    undo = decorateLinks(() => base)
    document.body.innerHTML = `
      <form id="get" method="get" action="https://app.example.io/signup"><input name="email"></form>
      <form id="post" method="post" action="https://app.example.io/signup"><input name="ucc" value=""></form>
      <form id="other" method="post" action="https://elsewhere.example/"><input name="email"></form>`
    const fields = (id: string) => {
      const form = document.getElementById(id) as HTMLFormElement
      form.addEventListener('submit', (event) => event.preventDefault())
      form.requestSubmit()
      return { action: form.action, fields: Object.fromEntries(new FormData(form)) }
    }
    expect(fields('get')).toEqual({
      action: 'https://app.example.io/signup',
      fields: { email: '', ucc: UCC, celloN: 'Wm/Dqw==' },
    })
    expect(fields('post')).toEqual({
      action: `https://app.example.io/signup?ucc=${UCC}&celloN=Wm%2FDqw%3D%3D`,
      fields: { ucc: UCC, celloN: 'Wm/Dqw==' },
    })
    expect(fields('other')).toEqual({ action: 'https://elsewhere.example/', fields: { email: '' } })
  })

  it("fills any submitted form's empty ucc field, and keeps one already filled", () => {
    undo = decorateLinks(() => ({ ...base, domains: [] }))
    document.body.innerHTML = `
      <form id="a" action="https://elsewhere.example/"><input type="hidden" name="ucc"></form>
      <form id="b" action="/x"><input type="hidden" name="ucc" value="typed"></form>`
    for (const id of ['a', 'b']) {
      const form = document.getElementById(id) as HTMLFormElement
      form.addEventListener('submit', (event) => event.preventDefault())
      form.requestSubmit()
    }
    expect((document.querySelector('#a input') as HTMLInputElement).value).toBe(UCC)
    expect((document.querySelector('#b input') as HTMLInputElement).value).toBe('typed')
  })
})
