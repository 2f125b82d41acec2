// What doctor sends to the app and to Cello: a made-up referral code no referrer has, and one
// HTTP request with a time limit that never follows redirects (a redirect is itself a finding).

/** A well-formed referral code that no referrer has: looking it up changes nothing anywhere. */
export const TEST_CODE = 'reactCelloDoctor'

/** How long doctor waits for any one answer. */
export const PROBE_TIMEOUT_MS = 10_000

/** The answer of a probe, or why there was none (`error`: the cause's message, never a secret). */
export type ProbeResult = { ok: true; response: Response; body: unknown } | { ok: false; error: string }

/** `GET url`, redirects not followed; the body parsed as JSON when it is JSON. */
export async function probe(url: string, headers: Record<string, string> = {}): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { redirect: 'manual', headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    const text = await response.text()
    let body: unknown = text
    if (/json/i.test(response.headers.get('content-type') ?? '')) {
      try {
        body = JSON.parse(text)
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    return { ok: true, response, body }
  } catch (error) {
    return { ok: false, error: reasonOf(error) }
  }
}

/** Why a request failed, in a few words: the innermost cause's code or message. */
export function reasonOf(error: unknown): string {
  let current: unknown = error
  while (current instanceof Error && current.cause instanceof Error) current = current.cause
  if (current instanceof Error) {
    if (current.name === 'TimeoutError') return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`
    const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined
    return code ? `${code}: ${current.message}` : current.message
  }
  return String(error)
}
