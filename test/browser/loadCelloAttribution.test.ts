import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadCelloAttribution } from '../../src'
import { celloScriptTags, fakeScriptSrc, resetPage, visit } from './helpers'

beforeEach(resetPage)
afterEach(resetPage)

describe('loadCelloAttribution (real Chromium)', () => {
  it('injects one module async tag with the nonce and answers through the typed API', async () => {
    visit('/?ucc=abcDEF12345&celloN=QWxpY2U')
    const src = fakeScriptSrc()
    const first = loadCelloAttribution({ scriptSrc: src, nonce: 'n0nce' })
    const second = loadCelloAttribution({ scriptSrc: src, nonce: 'n0nce' })
    expect(second).toBe(first)
    const tags = celloScriptTags()
    expect(tags).toHaveLength(1)
    expect(tags[0]!.type).toBe('module')
    expect(tags[0]!.async).toBe(true)
    expect(tags[0]!.nonce).toBe('n0nce')
    const api = await first
    expect(await api!.getUcc()).toBe('abcDEF12345')
    expect(await api!.getReferrerName()).toBe('Alice')
    expect(await api!.getCampaignConfig()).toMatchObject({ discountPercentage: 0.5, discountMonths: 6 })
  })
})
