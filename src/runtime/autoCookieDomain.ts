import { cookieDomainCandidates } from '../shared/cookieDomainCandidates'

/**
 * What `cookieDomain: 'auto'` means in the browser: the widest domain the browser stores a cookie
 * for on this host, found as analytics libraries do. A probe cookie is written on each candidate
 * from the top (`example.com`, then `www.example.com`…, see `cookieDomainCandidates`); the first
 * one the page can read back wins, and the probe is deleted. `undefined` (host-only) when none is
 * taken: `localhost`, an IP address, cookies refused. Asked only when a new code is written.
 */
export function autoCookieDomain(): string | undefined {
  for (const candidate of cookieDomainCandidates(location.hostname)) {
    const probe = `cello-probe=1; Path=/; Domain=${candidate}`
    document.cookie = probe
    const stored = document.cookie.includes('cello-probe=1')
    document.cookie = `${probe}; Max-Age=0`
    if (stored) return candidate
  }
  return undefined
}
