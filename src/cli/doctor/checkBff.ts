// Is react-cello's BFF (createCelloHandler) mounted where the page calls it? Asked as a visitor
// without a session: `GET /active-link` must answer the handler's 401, and
// `GET /referral-codes/<code>` must reach Cello through the server's keys.
import type { BffProblem } from '../../shared/bffContract'
import type { Finding } from './findings'
import { probe, TEST_CODE, type ProbeResult } from './probe'

const isProblem = (body: unknown): body is BffProblem =>
  typeof body === 'object' &&
  body !== null &&
  'error' in body &&
  typeof body.error === 'object' &&
  body.error !== null &&
  'code' in body.error &&
  typeof body.error.code === 'string'

const codeOf = (result: ProbeResult) => (result.ok && isProblem(result.body) ? result.body.error.code : undefined)
const statusOf = (result: ProbeResult) => (result.ok ? result.response.status : 0)

const MOUNT_FIX =
  'Mount createCelloHandler there: in Next.js, app/api/cello/[...path]/route.ts exporting the handler as GET and POST; elsewhere, toNodeHandler(handler) on the path (https://github.com/react-cello/react-cello/blob/main/docs/node.md#the-bff-handler-createcellohandler). Or pass doctor the URL your provider uses (bffUrl).'

/** The BFF at `url` (e.g. `http://localhost:3000/api/cello`); with `referral`, its widget-token route too. */
export async function checkBff(url: string, referral: boolean): Promise<Finding[]> {
  const base = url.replace(/\/+$/, '')
  const path = new URL(base).pathname
  const activeLink = await probe(`${base}/active-link`, { accept: 'application/json' })
  if (!activeLink.ok)
    return [
      {
        id: 'bff.unreachable',
        severity: 'error',
        message: `The BFF at ${base} could not be reached: ${activeLink.error}`,
        fix: 'Start the app, or pass doctor the URL it listens on (--url http://localhost:3000/api/cello).',
      },
    ]
  const status = activeLink.response.status
  if (status >= 300 && status < 400)
    return [
      {
        id: 'bff.redirect',
        severity: 'error',
        message: `GET ${path}/active-link answers ${status}, a redirect to ${activeLink.response.headers.get('location') ?? '(no location)'}: something in front of the BFF (an authentication middleware?) sends its requests elsewhere.`,
        fix: `Exclude ${path} from that middleware: the BFF answers 401 itself to a visitor without a session.`,
      },
    ]
  const code = codeOf(activeLink)
  if (status === 404 && code === 'not_found')
    return [
      {
        id: 'bff.base_path',
        severity: 'error',
        message: `A react-cello handler answers at ${base}, but none of its routes: its basePath is not ${path}.`,
        fix: `createCelloHandler({ basePath: '${path}', … }), the path it is mounted at.`,
      },
    ]
  if (status === 404)
    return [{ id: 'bff.not_found', severity: 'error', message: `The BFF answers 404 at ${path}.`, fix: MOUNT_FIX }]
  if (code === undefined && status !== 200)
    return [
      {
        id: 'bff.not_react_cello',
        severity: 'error',
        message: `GET ${path}/active-link answers ${status} without react-cello's { error: { code } } body: something else answers at ${base}.`,
        fix: MOUNT_FIX,
      },
    ]

  const findings: Finding[] = []
  if (status === 200)
    findings.push({
      id: 'bff.open',
      severity: 'warn',
      message: `GET ${path}/active-link answered 200 to a request without a session: getUser returned a user for nobody.`,
      fix: "Make getUser return null when the request carries no session: the BFF then answers 401, and a visitor never sees another user's link.",
    })
  else if (code !== 'unauthorized')
    findings.push({
      id: 'bff.error',
      severity: 'error',
      message: `GET ${path}/active-link answers ${status} (${code ?? 'no code'}) to a visitor without a session, not 401.`,
      fix: "Look at the server's log (the handler's onError) for the cause.",
    })

  const lookup = await probe(`${base}/referral-codes/${TEST_CODE}`, { accept: 'application/json' })
  if (statusOf(lookup) === 200)
    findings.push({
      id: 'bff.mounted',
      severity: 'info',
      message: `The BFF answers at ${base}, and reaches Cello (GET ${path}/referral-codes/${TEST_CODE}: 200).`,
    })
  else
    findings.push({
      id: 'bff.upstream',
      severity: 'error',
      message: `The BFF at ${base} cannot look up a referral code: GET ${path}/referral-codes/${TEST_CODE} answers ${lookup.ok ? `${lookup.response.status} (${codeOf(lookup) ?? 'no code'})` : lookup.error}.`,
      fix: "Check the app server's Cello keys and environment (run doctor with its environment: --env-file), and the handler's onError log.",
    })

  if (referral) {
    const widget = await probe(`${base}/widget-token`, { accept: 'application/json' })
    if (statusOf(widget) === 404 && codeOf(widget) === 'not_found')
      findings.push({
        id: 'widget.not_configured',
        severity: 'error',
        message: `GET ${path}/widget-token answers 404: the handler has no widget option, so the Referral Component gets no token.`,
        fix: 'createCelloHandler({ widget: { productId, productSecret: process.env.CELLO_PRODUCT_SECRET! }, … }) (docs/referral-component.md).',
      })
    else if (codeOf(widget) === 'unauthorized')
      findings.push({
        id: 'widget.route',
        severity: 'info',
        message: `GET ${path}/widget-token is configured (401 without a session).`,
      })
    else
      findings.push({
        id: 'widget.route',
        severity: 'error',
        message: `GET ${path}/widget-token answers ${widget.ok ? widget.response.status : widget.error} to a visitor without a session, not 401.`,
        fix: "Look at the server's log (the handler's onError) for the cause.",
      })
  }
  return findings
}
