// Does the landing page capture the referral on the server? It is fetched with a made-up code
// (`?ucc=…`), as a visitor arriving from a referral link; server capture (referralProxy,
// captureReferral) answers with a `Set-Cookie: cello-referral=…`. When the BFF is on another host,
// the cookie must be readable there too.
import { REFERRAL_COOKIE } from '../../shared/referralCode'
import type { Finding } from './findings'
import { probe, TEST_CODE } from './probe'

/** The cookie's `Domain`, lower-case without its leading dot; `null` for a host-only cookie. */
function cookieDomain(setCookie: string): string | null {
  const domain = /;\s*domain=\.?([^;\s]+)/i.exec(setCookie)?.[1]
  return domain ? domain.toLowerCase() : null
}

/** Whether a cookie written by `landingHost` with `domain` is sent to `host`. */
const readableOn = (host: string, landingHost: string, domain: string | null) =>
  domain === null ? host === landingHost : host === domain || host.endsWith(`.${domain}`)

/** `landing` fetched with `?ucc=`; `bffUrl`, when given, is where the signup reads the cookie. */
export async function checkLanding(landing: string, bffUrl: string | undefined): Promise<Finding[]> {
  const target = new URL(landing)
  target.searchParams.set('ucc', TEST_CODE)
  const answer = await probe(target.href, { accept: 'text/html' })
  if (!answer.ok)
    return [
      {
        id: 'landing.unreachable',
        severity: 'error',
        message: `The landing page ${landing} could not be fetched: ${answer.error}`,
        fix: 'Start the app, or pass the URL a referral link leads to (--landing https://www.example.com/).',
      },
    ]
  const { response } = answer
  if (response.status >= 400)
    return [
      {
        id: 'landing.status',
        severity: 'error',
        message: `The landing page answers ${response.status} to ${target.pathname}?ucc=${TEST_CODE}.`,
        fix: 'Pass the URL a referral link leads to; a landing page must answer whatever query string it is given.',
      },
    ]
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${REFERRAL_COOKIE}=`))
  if (!cookie)
    return [
      {
        id: 'landing.no_server_capture',
        severity: 'warn',
        message: `The landing page sets no ${REFERRAL_COOKIE} cookie for ?ucc=${TEST_CODE}: the code is kept only by the page's script (the provider, Cello's script), which an ad blocker or pending consent can stop.`,
        fix: 'Capture it on the server: referralProxy in Next.js (proxy.ts or middleware.ts), captureReferral in any other server (docs/nextjs.md, docs/node.md).',
      },
    ]
  const findings: Finding[] = []
  const domain = cookieDomain(cookie)
  findings.push({
    id: 'landing.captured',
    severity: 'info',
    message: `The landing page sets ${REFERRAL_COOKIE} on the server, for ${domain ? `.${domain} and its subdomains` : `${target.hostname} only`}.`,
  })
  if (bffUrl !== undefined) {
    const signupHost = new URL(bffUrl).hostname
    const parent = commonParent(target.hostname, signupHost)
    if (!readableOn(signupHost, target.hostname, domain))
      findings.push({
        id: 'landing.cookie_domain',
        severity: 'error',
        message: `The cookie is for ${domain ? `.${domain}` : target.hostname}, your BFF (the signup) is on ${signupHost}: it cannot read it.`,
        fix: `Write it for the parent domain both share: <CelloProvider cookieDomain=".${parent}">, and { domain: '.${parent}' } for captureReferral or referralProxy.`,
      })
  }
  return findings
}

/** The longest common suffix of two host names, by labels (`www.example.com`, `app.example.com` → `example.com`). */
function commonParent(a: string, b: string): string {
  const x = a.split('.').reverse()
  const y = b.split('.').reverse()
  const common: string[] = []
  for (let i = 0; i < Math.min(x.length, y.length) && x[i] === y[i]; i += 1) common.push(x[i] ?? '')
  return common.reverse().join('.') || 'example.com'
}
