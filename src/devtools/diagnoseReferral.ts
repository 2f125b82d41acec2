import { isValidUcc, readCookie, REFERRAL_COOKIE } from '../shared/referralCode'
import { readReferralPage } from './readReferralPage'
import type { FindingId, FindingSeverity, ReferralFinding, ReferralPageSnapshot } from './types'

/** A host where the sandbox is expected: this machine, a private network, a `.local`/`.test` name. */
function isDevelopmentHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$|\.(localhost|local|test)$/i.test(
    host,
  )
}

/** Whether a cookie for `domain` (leading dot or not) is sent to `host`. */
export const domainCovers = (domain: string, host: string): boolean => {
  const d = domain.replace(/^\./, '').toLowerCase()
  const h = host.toLowerCase()
  return h === d || h.endsWith(`.${d}`)
}

const hostOf = (url: string, base: string): string | null => {
  try {
    return new URL(url, base).hostname
  } catch {
    return null
  }
}

/** Cello's codes are 11 letters and digits (https://docs.cello.so/key-concepts); the package takes more. */
const CELLO_CODE = /^[A-Za-z0-9]{11}$/

/**
 * Why a referral on this page may not be attributed: each finding a short sentence, its severity
 * and the fix, as data for tests and for your own telemetry. Reads the page (see
 * `readReferralPage`); any field of `input` replaces what the page shows. Returns `[]` on a
 * correctly configured page. The mounted providers (consent, `cookieDomain`, each source) are
 * known in development builds only: in production pass `providers`, or read what the page shows.
 *
 * @example
 * const findings = diagnoseReferral({ bff: await probeCelloBff() })
 * if (findings.some((f) => f.severity === 'error')) console.warn(findings)
 */
export function diagnoseReferral(input: Partial<ReferralPageSnapshot> = {}): ReferralFinding[] {
  const page: ReferralPageSnapshot = { ...readReferralPage(), ...input }
  const findings: ReferralFinding[] = []
  const add = (id: FindingId, severity: FindingSeverity, message: string, fix: string) =>
    findings.push({ id, severity, message, fix })
  const { hostname, href } = page.location
  const providers = page.providers
  const provider = providers?.[0]
  const ucc = provider?.state.ucc ?? null

  // The sandbox on a public host: every signup there goes to Cello's sandbox, none to production.
  for (const script of page.scripts) {
    if (script.environment === 'sandbox' && !isDevelopmentHost(hostname))
      add(
        'sandbox_script_on_production_host',
        'error',
        `The sandbox attribution script (${script.src}) is on ${hostname}, a production host.`,
        'Load the production script on public hosts: environment="production" (the default) on CelloProvider, and production API keys on the server.',
      )
  }
  if (new Set(page.scripts.filter((s) => s.onPage).map((s) => s.src)).size > 1)
    add(
      'multiple_scripts',
      'warn',
      `${page.scripts.filter((s) => s.onPage).length} different attribution scripts are on the page.`,
      'Keep one: let CelloProvider inject it, and remove the <script> tag added by hand or by a tag manager.',
    )

  if (providers?.length === 0)
    add(
      'no_provider',
      'warn',
      'No CelloProvider is mounted on this page: no referral code is captured here.',
      'Render one <CelloProvider> near the root of every page a referral link can open.',
    )
  if (providers && providers.length > 1)
    add(
      'multiple_providers',
      'warn',
      `${providers.length} CelloProviders are mounted: each captures and keeps its own state.`,
      'Render one <CelloProvider> near the root and read the code with useUcc() below it.',
    )

  // The cookie's reach: the domain the browser reports, else the one the provider writes, else this host.
  const cookie = page.cookies.find((c) => c.name === REFERRAL_COOKIE)
  const configured = provider?.cookieDomain
  if (configured && !domainCovers(configured, hostname)) {
    add(
      'cookie_domain_mismatch',
      'error',
      `The cookie is for ${configured}, but this page is on ${hostname}: the browser refuses it, so the code is not kept.`,
      `Set cookieDomain to a domain that covers ${hostname} (e.g. ".${hostname.split('.').slice(-2).join('.')}"), or leave it unset.`,
    )
  } else {
    const scope = cookie?.domain ?? configured ?? hostname
    const targets = new Set(
      [page.signupUrl, ...page.forms.filter((f) => f.signup).map((f) => f.action)]
        .map((url) => url && hostOf(url, href))
        .filter((host): host is string => !!host && host !== hostname),
    )
    for (const target of targets) {
      if (!domainCovers(scope, target))
        add(
          'cookie_domain_mismatch',
          'error',
          `The cookie is for ${scope}, your signup page is on ${target}: it cannot read the code.`,
          `Set cookieDomain=".${target.split('.').slice(-2).join('.')}" on CelloProvider (and on captureReferral on the server) so that every subdomain reads it.`,
        )
    }
  }
  // No code here, and the visitor came from another host of the same site.
  const from = hostOf(page.referrer, href)
  const site = (host: string) => host.split('.').slice(-2).join('.')
  if (!ucc && !cookie && from && from !== hostname && site(from) === site(hostname) && !isDevelopmentHost(hostname))
    add(
      'cookie_not_shared',
      'info',
      `No code on ${hostname}, and this visit came from ${from}: a code captured there is not readable here unless its cookie is for .${site(hostname)}.`,
      `On ${from}, set cookieDomain=".${site(hostname)}" on CelloProvider and on captureReferral.`,
    )

  // Consent, then the script.
  if (provider?.consent === 'pending')
    add(
      'consent_pending',
      ucc ? 'warn' : 'info',
      'Consent is pending: the code lives in memory only, and a full page load loses it.',
      'Pass consent="granted" as soon as your consent tool says yes; until then keep the visitor on client-side navigations, or capture on the server.',
    )
  if (provider?.consent === 'denied')
    add(
      'consent_denied',
      'info',
      'Consent is denied: no script, no cookie; the code serves this page only.',
      'Nothing to fix if the visitor said no; check that your consent tool maps "yes" to consent="granted".',
    )
  if (provider?.state.status === 'blocked')
    add(
      'script_blocked',
      'warn',
      "Cello's attribution script is blocked (an ad blocker, a Content-Security-Policy or offline): capture still works.",
      "Read the code with useUcc() or <CelloUccInput /> rather than the script's hidden field; allow https://assets.cello.so in script-src.",
    )
  if (provider?.state.status === 'error')
    add(
      'script_failed',
      'warn',
      "Cello's attribution script loaded but failed to answer: capture still works.",
      "Check the console for the script's error; read the code with useUcc() or <CelloUccInput />.",
    )

  // The code itself: in the URL or the cookie but not valid (ignored), or not shaped like Cello's.
  const fromUrl = new URLSearchParams(page.location.search).get(provider?.uccParam ?? 'ucc')
  const fromCookie = readCookie(page.cookie, REFERRAL_COOKIE)
  for (const [where, code] of [
    ['link', fromUrl],
    ['cookie', fromCookie],
  ] as const) {
    const length = code?.length
    if (code !== null && !isValidUcc(code))
      add(
        'invalid_code',
        'warn',
        `The ${where}'s referral code is not a valid code (${length} characters): it is ignored.`,
        "Check the referral link: a code is letters, digits, - and _ (Cello's own are 11 letters and digits).",
      )
  }
  const code = ucc ?? (isValidUcc(fromCookie) ? fromCookie : isValidUcc(fromUrl) ? fromUrl : null)
  if (code && !CELLO_CODE.test(code))
    add(
      'unusual_code',
      'info',
      `The code "${code}" is not shaped like Cello's (11 letters and digits): Cello may not know it.`,
      "Test with a code from a referral link of your sandbox (Cello's portal), not a made-up one.",
    )

  // Signup forms and their `ucc` field.
  for (const form of page.forms.filter((f) => f.signup && code)) {
    if (!form.ucc)
      add(
        'form_without_ucc',
        'warn',
        `The signup form "${form.label}" has ${form.ucc === null ? 'no' : 'an empty'} ucc field: the code is not sent with it.`,
        'Put <CelloUccInput /> inside the form, or send useUcc().ucc with the signup.',
      )
    else if (form.ucc !== code)
      add(
        'form_stale_ucc',
        'warn',
        `The signup form "${form.label}" sends ucc "${form.ucc}", not the current code "${code}".`,
        'Render the field from useUcc() (or <CelloUccInput />) so that it follows the code.',
      )
  }

  // The BFF.
  const bff = page.bff
  if (bff?.status === 'not_found')
    add(
      'bff_not_found',
      'error',
      `The BFF answers ${bff.routes.find((r) => r.route === 'POST /signups')?.status ?? 404} at ${bff.baseUrl}: createCelloHandler is not mounted there.`,
      `Mount createCelloHandler with basePath "${bff.baseUrl}", or point createFetchBff({ baseUrl }) at where it is.`,
    )
  if (bff?.status === 'unreachable')
    add(
      'bff_unreachable',
      'error',
      `The BFF at ${bff.baseUrl} does not answer (network error or server error).`,
      'Start your server and check its logs; the signup report needs it.',
    )
  return findings
}
