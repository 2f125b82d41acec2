/**
 * The domains a cookie for `hostname` could be set on, widest first: `app.www.example.com` gives
 * `example.com`, `www.example.com`, `app.www.example.com`. The bare top-level label is never one
 * (no browser takes a cookie for `com`). Empty for an IP address, `localhost` or any single-label
 * host, where only a host-only cookie works. Which of them the browser accepts depends on the
 * public suffix list (`co.uk` and `vercel.app` are refused): the browser probes them in that order
 * (see `autoCookieDomain`); the server, which cannot ask a browser, takes the first
 * (see {@link serverAutoCookieDomain}).
 */
export function cookieDomainCandidates(hostname: string): string[] {
  const labels = hostname.toLowerCase().split('.')
  // An IPv4 address (its last label is a number), an IPv6 one (a colon) or a single label.
  if (/^\d*$|:/.test(labels.pop() ?? '') || !labels.length) return []
  return labels.map((_, i) => hostname.toLowerCase().split('.').slice(i).join('.')).reverse()
}

/**
 * What `cookieDomain: 'auto'` means on the server: the last two labels of the host
 * (`app.example.com` → `example.com`), or `undefined` (host-only) where there are none to share
 * (an IP address, `localhost`). Wrong under a multi-label public suffix (`example.co.uk` would give
 * `co.uk`, which browsers refuse, so the cookie is lost; `my-app.vercel.app` gives `vercel.app`):
 * pass the domain itself there.
 */
export function serverAutoCookieDomain(hostname: string): string | undefined {
  return cookieDomainCandidates(hostname.replace(/:\d+$/, ''))[0]
}
