// Errors a user can act on: in production the code and a link to the code's section of
// docs/troubleshooting.md (no sentence ships); in development the full sentence and the same link. The build decides by
// `process.env.NODE_ENV`, which Vitest leaves to be read at run time, so it is stubbed here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import { useUcc } from '../../src'
import { type CelloErrorCode } from '../../src/shared/CelloError'
import { createCelloError, TROUBLESHOOTING_URL } from '../../src/shared/createCelloError'
import { createFetchBff } from '../../src/runtime/createFetchBff'
import { cookieDomainAttribute } from '../../src/shared/referralCookie'

afterEach(() => {
  vi.unstubAllEnvs()
})

/** Every browser error code, once: tsc fails here when CelloErrorCode gains or loses one. */
const CODES: Record<CelloErrorCode, true> = {
  script_load_failed: true,
  script_timeout: true,
  command_failed: true,
  cookie_blocked: true,
  missing_provider: true,
  invalid_argument: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  bad_request: true,
  upstream: true,
  network: true,
  bad_response: true,
}

/** The anchors GitHub gives the headings of a Markdown file (lower case, punctuation but `-` and `_` dropped). */
function anchors(markdown: string): Set<string> {
  const headings = markdown.match(/^#{1,6} .+$/gm) ?? []
  return new Set(
    headings.map((heading) =>
      heading
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  )
}

/** What `run` throws (or rejects with). */
async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('did not throw')
}

describe('createCelloError', () => {
  it('links to the docs of this repository (package.json "repository")', () => {
    const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')
    expect(TROUBLESHOOTING_URL).toBe(`${repository}/blob/main/docs/troubleshooting.md`)
  })

  it('every error code has its section in docs/troubleshooting.md, its anchor the code', () => {
    const sections = anchors(readFileSync(join(process.cwd(), 'docs/troubleshooting.md'), 'utf8'))
    const missing = Object.keys(CODES).filter((code) => !sections.has(code))
    expect(missing).toEqual([])
  })

  it('without a message (production): the code and the link', () => {
    const error = createCelloError('script_timeout', '', { cause: 'x' })
    expect(error).toMatchObject({ name: 'CelloError', code: 'script_timeout', cause: 'x' })
    expect(error.message).toBe(`script_timeout: ${TROUBLESHOOTING_URL}#script_timeout`)
  })

  it('with a message (development, or what the BFF said): the message, then the link', () => {
    expect(createCelloError('network', 'Could not reach /api/cello/active-link.').message).toBe(
      `Could not reach /api/cello/active-link.\nSee ${TROUBLESHOOTING_URL}#network`,
    )
  })
})

describe('the browser errors, as a user meets them', () => {
  it('useUcc() outside a provider, in production: the code and the link', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const onError = (event: ErrorEvent) => event.preventDefault()
    window.addEventListener('error', onError)
    try {
      const error = await caught(() => renderHook(() => useUcc()))
      expect(error).toMatchObject({
        code: 'missing_provider',
        message: `missing_provider: ${TROUBLESHOOTING_URL}#missing_provider`,
      })
    } finally {
      window.removeEventListener('error', onError)
    }
  })

  it('useUcc() outside a provider, in development: the sentence with the fix, and the link', async () => {
    vi.stubEnv('NODE_ENV', 'development')
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const onError = (event: ErrorEvent) => event.preventDefault()
    window.addEventListener('error', onError)
    try {
      const error = await caught(() => renderHook(() => useUcc()))
      expect(error).toMatchObject({
        code: 'missing_provider',
        message: expect.stringMatching(
          /^useUcc\(\) must be used within <CelloProvider>: .+\nSee https:\/\/.+#missing_provider$/s,
        ),
      })
    } finally {
      window.removeEventListener('error', onError)
    }
  })

  it('a bad cookieDomain, in production and in development', () => {
    vi.stubEnv('NODE_ENV', 'production')
    expect(() => cookieDomainAttribute('a b')).toThrow(`invalid_argument: ${TROUBLESHOOTING_URL}#invalid_argument`)
    vi.stubEnv('NODE_ENV', 'development')
    expect(() => cookieDomainAttribute('a b')).toThrow(
      `cookieDomain "a b" is not a domain name.\nSee ${TROUBLESHOOTING_URL}#invalid_argument`,
    )
  })

  it("createFetchBff's errors, in production: the code and the link, or what the BFF said and the link", async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const down = createFetchBff({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    expect(await caught(() => down.getActiveLink())).toMatchObject({
      code: 'network',
      message: `network: ${TROUBLESHOOTING_URL}#network`,
    })
    const failing = createFetchBff({ fetch: async () => new Response('<html>', { status: 502 }) })
    expect(await caught(() => failing.getActiveLink())).toMatchObject({
      code: 'upstream',
      message: `upstream: ${TROUBLESHOOTING_URL}#upstream`,
    })
    const refused = createFetchBff({
      fetch: async () => Response.json({ error: { code: 'forbidden', message: 'Not yours.' } }, { status: 403 }),
    })
    expect(await caught(() => refused.getActiveLink())).toMatchObject({
      code: 'forbidden',
      message: `Not yours.\nSee ${TROUBLESHOOTING_URL}#forbidden`,
    })
    const odd = createFetchBff({ fetch: async () => Response.json({ hello: 'world' }) })
    expect(await caught(() => odd.getActiveLink())).toMatchObject({
      code: 'bad_response',
      message: `bad_response: ${TROUBLESHOOTING_URL}#bad_response`,
    })
  })

  it("createFetchBff's errors, in development: a sentence, and the link", async () => {
    vi.stubEnv('NODE_ENV', 'development')
    const failing = createFetchBff({ fetch: async () => new Response('<html>', { status: 502 }) })
    expect(await caught(() => failing.getActiveLink())).toMatchObject({
      code: 'upstream',
      message: `/api/cello/active-link answered 502\nSee ${TROUBLESHOOTING_URL}#upstream`,
    })
  })
})
