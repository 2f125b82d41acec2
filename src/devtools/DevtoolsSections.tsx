import { useContext, type ReactNode } from 'react'
import { CelloContext } from '../core/CelloContext'
import { useCampaign } from '../core/useCampaign'
import { localDismissStorage } from '../core/useDismissed'
import { REFERRAL_COOKIE } from '../shared/referralCode'
import { domainCovers } from './diagnoseReferral'
import type { BffProbe, ReferralFinding, ReferralPageSnapshot } from './types'

const Yes = ({ when, yes = 'yes', no = 'no' }: { when: boolean; yes?: string; no?: string }) => (
  <span className={when ? 'yes' : 'no'}>{when ? yes : no}</span>
)

/** A titled section with a two-column table of rows. */
function Section({ title, rows, children }: { title: string; rows?: [string, ReactNode][]; children?: ReactNode }) {
  const id = `cello-devtools-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {rows && (
        <table>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {children}
    </section>
  )
}

/** The findings, worst first; a green line when there are none. */
export function Findings({ findings }: { findings: ReferralFinding[] }) {
  const order = { error: 0, warn: 1, info: 2 }
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity])
  return (
    <ul className="findings" aria-label="Findings">
      {sorted.length === 0 && (
        <li className="finding healthy">No findings: referrals on this page can be attributed.</li>
      )}
      {sorted.map((f, i) => (
        <li key={`${f.id}-${i}`} className={`finding ${f.severity}`} data-finding={f.id}>
          <span className="sev">{f.severity}</span>
          {f.message}
          <p>
            <strong>Fix:</strong> {f.fix}
          </p>
        </li>
      ))}
    </ul>
  )
}

/** What a source that said nothing means. */
const UNREAD = {
  url: 'not read',
  server: 'none (no initialReferral)',
  cookie: 'not read (consent denied)',
  script: 'no answer',
} as const

const code = (value: string | null | undefined) => (value ? <code>{value}</code> : <span className="muted">none</span>)

/** The campaign offer and the banner's state; needs the provider's context (useCampaign). */
function CampaignRows({ ucc }: { ucc: string | null }) {
  const campaign = useCampaign()
  const offer = campaign?.discountPercentage
    ? `${Math.round(campaign.discountPercentage * 100)}% off${campaign.discountMonths ? ` for ${campaign.discountMonths} months` : ''}`
    : null
  const banner = document.querySelector('.cello-banner')
  const dismissed = !!ucc && localDismissStorage.get(`react-cello:banner-dismissed:${ucc}`)
  const state = !ucc ? 'hidden: no code' : dismissed ? 'dismissed for this code' : banner ? 'shown' : 'not on this page'
  return (
    <Section
      title="Campaign and banner"
      rows={[
        ['offer', offer ?? <span className="muted">{campaign ? 'no discount' : 'not known (script not ready)'}</span>],
        ['NewUserBanner', state],
      ]}
    />
  )
}

/** Every section below the findings. */
export function DevtoolsSections({ page, bff }: { page: ReferralPageSnapshot; bff: BffProbe | undefined }) {
  const inProvider = useContext(CelloContext) !== null
  const provider = page.providers?.[0]
  const state = provider?.state
  const ucc = state?.ucc ?? null
  const scope = (domain: string | null | undefined) => domain ?? provider?.cookieDomain ?? page.location.hostname
  return (
    <>
      <Section
        title="Code"
        rows={[
          ['code', code(ucc)],
          ['source', state?.source ?? <span className="muted">none</span>],
          ...(['url', 'server', 'cookie', 'script'] as const).map((source): [string, ReactNode] => [
            `from ${source}`,
            provider?.sources[source] === undefined ? (
              <span className="muted">{UNREAD[source]}</span>
            ) : (
              code(provider.sources[source]?.ucc)
            ),
          ]),
          ['referrer name', state?.referrerName ?? <span className="muted">none</span>],
          ['providers', page.providers ? String(page.providers.length) : 'unknown'],
        ]}
      />
      <Section title="Cookies">
        <table>
          <thead>
            <tr>
              <th scope="col">name</th>
              <th scope="col">value</th>
              <th scope="col">domain / path</th>
              <th scope="col">expires</th>
              <th scope="col">this host reads it</th>
            </tr>
          </thead>
          <tbody>
            {page.cookies.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No {REFERRAL_COOKIE} cookie on {page.location.hostname}.
                </td>
              </tr>
            )}
            {page.cookies.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>
                  <code>{c.value}</code>
                </td>
                <td>
                  {c.domain === undefined ? 'unknown' : (c.domain ?? `${page.location.hostname} only`)} {c.path ?? ''}
                </td>
                <td>
                  {c.expires === undefined
                    ? 'unknown'
                    : c.expires === null
                      ? 'session'
                      : new Date(c.expires).toISOString()}
                </td>
                <td>
                  <Yes when={domainCovers(scope(c.domain), page.location.hostname)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Written for: {provider?.cookieDomain ?? `${page.location.hostname} only (no cookieDomain)`}
        </p>
      </Section>
      <Section title="Consent" rows={[['consent', provider?.consent ?? 'unknown']]} />
      <Section title="Attribution script">
        <table>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">environment</th>
              <th scope="col">status</th>
              <th scope="col">load time</th>
            </tr>
          </thead>
          <tbody>
            {page.scripts.map((s) => (
              <tr key={s.src}>
                <td>
                  <code>{s.src}</code>
                </td>
                <td>{s.environment}</td>
                <td>
                  {provider?.scriptUrl === s.src ? state?.status : s.onPage ? 'on the page' : 'removed'}
                  {s.httpStatus ? ` (HTTP ${s.httpStatus})` : ''}
                </td>
                <td>{s.loadMs === null ? 'unknown' : `${s.loadMs} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {inProvider ? (
        <CampaignRows ucc={ucc} />
      ) : (
        <Section title="Campaign and banner">
          <p className="muted">Render &lt;CelloDevtools /&gt; inside &lt;CelloProvider&gt; to see the offer.</p>
        </Section>
      )}
      <Section title="Forms">
        {page.forms.length === 0 && <p className="muted">No form on this page.</p>}
        <table>
          <tbody>
            {page.forms.map((f, i) => (
              <tr key={i}>
                <th scope="row">{f.label}</th>
                <td>{f.signup ? 'signup' : 'other'}</td>
                <td>
                  ucc: {f.ucc === null ? <span className="no">no field</span> : code(f.ucc)}{' '}
                  {ucc && f.ucc !== null && <Yes when={f.ucc === ucc} yes="current" no="stale" />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={`BFF ${bff?.baseUrl ?? ''}`}>
        {!bff && <p className="muted">Asking…</p>}
        {bff && (
          <table>
            <tbody>
              {bff.routes.map((r) => (
                <tr key={r.route}>
                  <th scope="row">{r.route}</th>
                  <td>{r.status ?? '—'}</td>
                  <td>{r.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Your events (server trace)">
        {bff?.trace.status === 404 && (
          <p className="muted">
            Not enabled: the server's development-only route GET {bff.baseUrl}/debug/trace answers 404. Pass{' '}
            <code>debug: true</code> to createCelloHandler (refused when NODE_ENV is production) to see this user's
            decisions and deliveries here.
          </p>
        )}
        {bff?.trace.status === 401 && <p className="muted">Sign in to see your events.</p>}
        {bff?.trace.status === 200 && (
          // Focusable, so that a keyboard can scroll a long trace.
          <pre tabIndex={0} aria-label="The server's trace (JSON)">
            {JSON.stringify(bff.trace.body, null, 2)}
          </pre>
        )}
        {bff && ![200, 401, 404].includes(bff.trace.status ?? 0) && (
          <p className="muted">No answer ({bff.trace.status ?? 'network error'}).</p>
        )}
      </Section>
    </>
  )
}
