import type { UccSource, UccState } from '../runtime/createCelloStore'
import type { CelloConsent, Referral } from '../runtime/types'

/** How bad a finding is: `error` loses referrals, `warn` may, `info` is worth knowing. */
export type FindingSeverity = 'error' | 'warn' | 'info'

/** Every finding `diagnoseReferral` can return, by its stable id. */
export type FindingId =
  | 'sandbox_script_on_production_host'
  | 'cookie_domain_mismatch'
  | 'cookie_not_shared'
  | 'consent_pending'
  | 'consent_denied'
  | 'script_blocked'
  | 'script_failed'
  | 'multiple_scripts'
  | 'no_provider'
  | 'multiple_providers'
  | 'bff_not_found'
  | 'bff_unreachable'
  | 'form_without_ucc'
  | 'form_stale_ucc'
  | 'invalid_code'
  | 'unusual_code'

/** One thing `diagnoseReferral` found: a short sentence, how bad it is, and what to do. */
export interface ReferralFinding {
  id: FindingId
  severity: FindingSeverity
  /** What is wrong, in one sentence. */
  message: string
  /** What to change. */
  fix: string
}

/** One mounted `CelloProvider`, as the page's development build exposes it. */
export interface ProviderSnapshot {
  consent: CelloConsent
  /** The provider's `cookieDomain` prop (`undefined`: the cookie is for the current host only). */
  cookieDomain: string | undefined
  /** The URL the provider loads Cello's attribution script from. */
  scriptUrl: string
  /** The name of the code's query parameter. @defaultValue 'ucc' */
  uccParam: string
  /** What `useUcc()` returns. */
  state: UccState
  /** What each source says: a referral, `null` for none, `undefined` when not read. */
  sources: Record<UccSource, Referral | null | undefined>
}

/** One of Cello's cookies as the page sees it. `domain`, `path` and `expires` only where the browser tells (the Cookie Store API). */
export interface CookieSnapshot {
  name: string
  value: string
  /** The cookie's domain; `null` when it is for the current host only; `undefined` when unknown. */
  domain?: string | null
  path?: string
  /** Milliseconds since the epoch; `null` for a session cookie; `undefined` when unknown. */
  expires?: number | null
}

/** One attribution script: a tag on the page, or the URL a provider tried (a failed tag is removed). */
export interface ScriptSnapshot {
  src: string
  /** Which of Cello's CDNs serves it; `custom` for any other URL (a proxy, a test double). */
  environment: 'production' | 'sandbox' | 'custom'
  /** Whether a `<script>` tag with this URL is on the page now. */
  onPage: boolean
  /** Milliseconds the browser took to fetch it (Resource Timing), when known. */
  loadMs: number | null
  /** The HTTP status it was served with, when the browser tells. */
  httpStatus: number | null
}

/** One `<form>` of the page and its `ucc` field. */
export interface FormSnapshot {
  /** What names it: its accessible name, id, name or action. */
  label: string
  /** The URL it posts to. */
  action: string
  /** Whether it looks like a signup form (an email or password field, a signup-like name, or a `ucc` field). */
  signup: boolean
  /** The value of its `ucc` field; `null` when it has none. */
  ucc: string | null
}

/** What `probeCelloBff` found at the BFF's base path. */
export interface BffProbe {
  baseUrl: string
  /**
   * `mounted`: `createCelloHandler` answers there; `not_found`: a 404 or another app's page;
   * `unreachable`: no answer, or a server error.
   */
  status: 'mounted' | 'not_found' | 'unreachable'
  /** Each route asked (without side effects): its HTTP status (`null`: no answer) and what that means. */
  routes: { route: string; status: number | null; meaning: string }[]
  /** `GET <base>/debug/trace`: the signed-in user's events, when the server enables that development route. */
  trace: { status: number | null; body: unknown }
}

/**
 * What `diagnoseReferral` looks at. Each field defaults to what the page shows now
 * (`readReferralPage()`); pass any of them to diagnose another situation (tests, telemetry).
 */
export interface ReferralPageSnapshot {
  location: { href: string; hostname: string; search: string }
  /** `document.cookie`. */
  cookie: string
  /** Cello's cookies with what the browser tells of them (see {@link CookieSnapshot}). */
  cookies: CookieSnapshot[]
  /** `document.referrer`. */
  referrer: string
  /** The mounted providers; `null` when unknown (production builds do not expose them). */
  providers: ProviderSnapshot[] | null
  scripts: ScriptSnapshot[]
  forms: FormSnapshot[]
  /** The BFF probe's result, when one ran (see `probeCelloBff`). */
  bff?: BffProbe
  /** Where your signup page is, when it is not this page: its host must be able to read the cookie. */
  signupUrl?: string
}
