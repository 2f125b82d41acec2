import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isCelloError, loadCelloAttribution } from '../../src'
import { installCelloStub } from '../../src/runtime/loadCelloScript'
import { celloScriptTags, fakeScriptSrc, resetPage, visit } from '../support/browserPage'

beforeEach(resetPage)
afterEach(resetPage)

describe('loadCelloAttribution in real Chromium', () => {
  it('injects one module async tag with the nonce and answers through the typed API', async () => {
    visit('/?ucc=abcDEF12345&celloN=QWxpY2U')
    const src = fakeScriptSrc()
    const first = loadCelloAttribution({ scriptSrc: src, nonce: 'n0nce' })
    const second = loadCelloAttribution({ scriptSrc: src, nonce: 'n0nce' })
    const tags = celloScriptTags()
    expect(tags).toHaveLength(1)
    expect(tags[0]!.type).toBe('module')
    expect(tags[0]!.async).toBe(true)
    expect(tags[0]!.nonce).toBe('n0nce')
    const [api, again] = await Promise.all([first, second])
    expect(celloScriptTags()).toHaveLength(1) // the second call waited for the same load
    expect(await again!.getUcc()).toBe('abcDEF12345')
    expect(await api!.getUcc()).toBe('abcDEF12345')
    expect(await api!.getReferrerName()).toBe('Alice')
    expect(await api!.getCampaignConfig()).toMatchObject({ discountPercentage: 0.5, discountMonths: 6 })
  })

  it('installs the documented queue stub, which queues calls made before the script arrives', async () => {
    visit('/?ucc=queuedCode')
    installCelloStub(window)
    expect(() => window.CelloAttribution!('getReferral')).toThrow('getReferral is not supported')
    const early = window.CelloAttribution!('getUcc')
    expect(window.CelloAttributionCmd).toHaveLength(1)
    expect(window.CelloAttributionCmd![0]).toMatchObject({ command: 'getUcc', args: [] })
    await loadCelloAttribution({ scriptSrc: fakeScriptSrc({ delayMs: 200 }) })
    await expect(early).resolves.toBe('queuedCode')
  })

  it('never replaces a real window.CelloAttribution', () => {
    const real = async () => 'from the real script'
    window.CelloAttribution = real
    installCelloStub(window)
    expect(window.CelloAttribution).toBe(real)
  })

  it('rejects a failed load with script_load_failed, removes the tag, and retries on the next call', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason)
    window.addEventListener('unhandledrejection', onUnhandled)
    const error = await loadCelloAttribution({ scriptSrc: fakeScriptSrc({ status: 404 }) }).catch((e: unknown) => e)
    expect(isCelloError(error, 'script_load_failed')).toBe(true)
    expect((error as Error).cause).toBeInstanceOf(Event)
    expect(celloScriptTags()).toHaveLength(0)
    const api = await loadCelloAttribution({ scriptSrc: fakeScriptSrc() })
    expect(api).not.toBeNull()
    expect(celloScriptTags()).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 50))
    window.removeEventListener('unhandledrejection', onUnhandled)
    expect(unhandled).toEqual([])
  })

  it('rejects with script_timeout after timeoutMs and lets a later call succeed', async () => {
    const src = fakeScriptSrc({ delayMs: 600 })
    const error = await loadCelloAttribution({ scriptSrc: src, timeoutMs: 100 }).catch((e: unknown) => e)
    expect(isCelloError(error, 'script_timeout')).toBe(true)
    // The slow tag stays and is adopted by the retry, which sees it load.
    const api = await loadCelloAttribution({ scriptSrc: src, timeoutMs: 5000 })
    expect(api).not.toBeNull()
    expect(celloScriptTags()).toHaveLength(1)
  })

  it('adopts a matching tag that the page already has', async () => {
    const src = fakeScriptSrc()
    const tag = document.createElement('script')
    tag.type = 'module'
    tag.src = src
    document.head.appendChild(tag)
    const api = await loadCelloAttribution({ scriptSrc: src })
    expect(celloScriptTags()).toEqual([tag])
    expect(api).not.toBeNull()
  })

  it('warns (in development) when the tag it adopts is not type="module"', async () => {
    const src = fakeScriptSrc()
    const tag = document.createElement('script')
    tag.src = src // a classic script, as Next.js beforeInteractive renders it
    document.head.appendChild(tag)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await loadCelloAttribution({ scriptSrc: src, timeoutMs: 5000 }).catch(() => null)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('without type="module"'))
    expect(celloScriptTags()).toEqual([tag])
  })

  it('attachTo adds the hidden ucc input and refuses what is not a form', async () => {
    visit('/?ucc=formCode')
    const api = await loadCelloAttribution({ scriptSrc: fakeScriptSrc() })
    const form = document.createElement('form')
    document.body.appendChild(form)
    await api!.attachTo(form)
    expect(form.querySelector<HTMLInputElement>('input[name="ucc"]')?.value).toBe('formCode')
    const error = await api!
      .attachTo(document.createElement('div') as unknown as HTMLFormElement)
      .catch((e: unknown) => e)
    expect(isCelloError(error, 'invalid_argument')).toBe(true)
    form.remove()
  })

  it('turns a command that never answers into command_failed', async () => {
    // Loaded with the default timeout first (a loaded machine can take over 100 ms), then a
    // second call on the loaded script gives an API whose commands wait 100 ms.
    const src = fakeScriptSrc()
    await loadCelloAttribution({ scriptSrc: src })
    const api = await loadCelloAttribution({ scriptSrc: src, timeoutMs: 100 })
    window.CelloAttribution = () => new Promise(() => {})
    const error = await api!.getUcc().catch((e: unknown) => e)
    expect(isCelloError(error, 'command_failed')).toBe(true)
  })
})

describe('the fake attribution script as a data: URL', () => {
  it('answers like the served one, and fails to load with fail: true', async () => {
    const { fakeAttributionScriptUrl } = await import('../../src/testing/fakes/fakeAttributionScript')
    visit('/?ucc=dataUrlCode')
    const failed = await loadCelloAttribution({ scriptSrc: fakeAttributionScriptUrl({ fail: true }) }).catch(
      (e: unknown) => e,
    )
    expect(isCelloError(failed, 'script_load_failed')).toBe(true)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const api = await loadCelloAttribution({ scriptSrc: fakeAttributionScriptUrl({ referrerName: 'Bob' }) })
    expect(warn).not.toHaveBeenCalled()
    expect(await api!.getUcc()).toBe('dataUrlCode')
    expect(await api!.getReferrerName()).toBe('Bob')
    // A different src after the first is ignored, with a warning.
    await loadCelloAttribution({ scriptSrc: fakeScriptSrc() })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('is ignored until the page reloads'))
  })
})
