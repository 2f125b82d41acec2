/** Options of {@link createSignupOnce}. */
export interface SignupOnceOptions {
  /** How long a reported signup is remembered. @defaultValue 24 hours */
  ttlMs?: number
  /** How many reported signups are remembered; the oldest is forgotten first. @defaultValue 10000 */
  max?: number
  /** The clock, in milliseconds. @defaultValue Date.now */
  now?: () => number
}

/**
 * Runs one report per new user: a second report for the same key while the first is in flight
 * waits for it and shares its outcome, and one after a success (within `ttlMs`) is not sent again.
 * A failure is not remembered, so a retry sends. This turns a double-submitted signup form into one
 * `new-signup` event. Best effort: the memory is per process and bounded.
 */
export function createSignupOnce(options: SignupOnceOptions = {}) {
  const { ttlMs = 24 * 60 * 60 * 1000, max = 10_000, now = Date.now } = options
  const reported = new Map<string, number>()
  const running = new Map<string, Promise<unknown>>()
  return async function once(key: string, send: () => Promise<unknown>): Promise<'sent' | 'duplicate'> {
    const at = reported.get(key)
    if (at !== undefined && now() - at < ttlMs) return 'duplicate'
    const inFlight = running.get(key)
    if (inFlight) {
      await inFlight
      return 'duplicate'
    }
    const attempt = send()
    running.set(key, attempt)
    try {
      await attempt
      reported.delete(key)
      reported.set(key, now())
      if (reported.size > max) reported.delete(reported.keys().next().value!)
      return 'sent'
    } finally {
      running.delete(key)
    }
  }
}
