import { describe, expect, it } from 'vitest'
import { captureReferral } from '../../src/edge'

const UCC = 'pNRB1aYqArN'

describe("captureReferral with domain: 'auto'", () => {
  it('sets the cookies on the last two labels of the Host of a Node request', () => {
    const { setCookies } = captureReferral(
      { url: `/?ucc=${UCC}&celloN=QWxpY2U`, headers: { host: 'www.example.com:3000' } },
      { domain: 'auto' },
    )
    expect(setCookies).toHaveLength(2)
    for (const cookie of setCookies) expect(cookie).toContain('; Domain=example.com')
  })

  it("reads a Fetch Request's URL", () => {
    const { setCookie } = captureReferral(new Request(`https://app.example.io/?ucc=${UCC}`), { domain: 'auto' })
    expect(setCookie).toContain('; Domain=example.io')
  })

  it('stays host-only on localhost', () => {
    const { setCookie } = captureReferral(
      { url: `/?ucc=${UCC}`, headers: { host: 'localhost:3000' } },
      { domain: 'auto' },
    )
    expect(setCookie).not.toContain('Domain')
  })

  it('keeps an explicit domain as given', () => {
    const { setCookie } = captureReferral(
      { url: `/?ucc=${UCC}`, headers: { host: 'shop.example.co.uk' } },
      { domain: 'example.co.uk' },
    )
    expect(setCookie).toContain('; Domain=example.co.uk')
  })
})
