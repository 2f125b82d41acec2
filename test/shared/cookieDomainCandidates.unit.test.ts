import { describe, expect, it } from 'vitest'
import { cookieDomainCandidates, serverAutoCookieDomain } from '../../src/shared/cookieDomainCandidates'

describe('cookieDomainCandidates', () => {
  it('lists the parent domains widest first, never the top-level label', () => {
    expect(cookieDomainCandidates('app.www.example.com')).toEqual([
      'example.com',
      'www.example.com',
      'app.www.example.com',
    ])
    expect(cookieDomainCandidates('example.co.uk')).toEqual(['co.uk', 'example.co.uk'])
    expect(cookieDomainCandidates('WWW.Example.Test')).toEqual(['example.test', 'www.example.test'])
  })

  it.each(['localhost', '127.0.0.1', '10.0.0.12', '[::1]', ''])('has none for %j (host-only cookies there)', (host) => {
    expect(cookieDomainCandidates(host)).toEqual([])
  })
})

describe('serverAutoCookieDomain', () => {
  it('takes the last two labels of the host, port dropped', () => {
    expect(serverAutoCookieDomain('app.example.com')).toBe('example.com')
    expect(serverAutoCookieDomain('www.example.test:8080')).toBe('example.test')
    expect(serverAutoCookieDomain('example.com')).toBe('example.com')
  })

  it('is host-only for localhost and IP addresses', () => {
    expect(serverAutoCookieDomain('localhost:3000')).toBeUndefined()
    expect(serverAutoCookieDomain('127.0.0.1:3000')).toBeUndefined()
  })
})
