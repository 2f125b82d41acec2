import type { IncomingRequest } from './handlerCore'

/** What the origin rules read of a request. */
type Headed = Pick<IncomingRequest, 'header' | 'url'>

/** Which origins may call the handler, and the CORS headers they get. */
export interface OriginPolicy {
  /** CORS headers for a request from an allowed origin (credentials included); `null` for any other. */
  corsHeaders(request: Headed): Record<string, string> | null
  /** True when a POST comes from the handler's own origin or an allowed one (the CSRF check). */
  sameOriginOrAllowed(request: Headed): boolean
}

/**
 * The handler's origin rules: its own origin (from `Sec-Fetch-Site`, else `Origin` against the
 * request's scheme and host, `X-Forwarded-Proto` included), plus `allowedOrigins`, which also get
 * CORS headers with credentials.
 */
export function createOriginPolicy(allowedOrigins: readonly string[] = []): OriginPolicy {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin))

  function corsHeaders(request: Headed): Record<string, string> | null {
    if (allowed.size === 0) return null
    const origin = request.header('origin')
    return origin && allowed.has(origin)
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : null
  }

  // CSRF check for POST (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site).
  function sameOriginOrAllowed(request: Headed): boolean {
    const site = request.header('sec-fetch-site')
    if (site === 'same-origin') return true
    const origin = request.header('origin')
    if (!origin || origin === 'null') return false
    if (allowed.has(origin)) return true
    // The browser says the page is on another origin: a matching Origin header cannot overrule it.
    if (site === 'cross-site' || site === 'same-site') return false
    let from: URL
    try {
      from = new URL(origin)
    } catch {
      return false
    }
    const url = request.url()
    // Scheme and host both: an http:// page must not post to the https:// site. Behind a
    // TLS-terminating proxy the request arrives as http, and X-Forwarded-Proto says https.
    const forwarded = request.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
    const scheme = forwarded === 'http' || forwarded === 'https' ? `${forwarded}:` : url.protocol
    if (from.protocol !== scheme) return false
    const host = request.header('host')?.toLowerCase()
    return from.host === url.host || (host !== undefined && from.host === host)
  }

  return { corsHeaders, sameOriginOrAllowed }
}
