// Are Cello's keys set, and does the chosen environment accept them? Refused keys are asked of the
// other environment too, so that sandbox keys against production (or the reverse) say so.
import { CelloApiError } from '../../server/client/CelloApiError'
import { createCelloClient } from '../../server/client/createCelloClient'
import type { CelloEnvironment } from '../../shared/types'
import type { Finding } from './findings'
import { PROBE_TIMEOUT_MS, TEST_CODE } from './probe'

/** Where doctor asks Cello: the app's environment and host, and the other environment's host. */
export interface KeysTarget {
  environment: CelloEnvironment
  apiUrl: string
  /** The other environment's host, for the cross-check; none for a host that is not Cello's (an emulator). */
  otherApiUrl: string | undefined
}

type Outcome = 'accepted' | { refused: string } | { unreachable: string } | { failed: string }

/**
 * A token exchange and one harmless call (`GET /referral-codes/<made-up code>`) through the
 * package's own client, without retries. Its errors never carry the keys.
 */
async function tryKeys(accessKeyId: string, secretAccessKey: string, baseUrl: string): Promise<Outcome> {
  const client = createCelloClient({
    accessKeyId,
    secretAccessKey,
    baseUrl,
    timeoutMs: PROBE_TIMEOUT_MS,
    retry: { retries: 0 },
  })
  try {
    await client.validateReferralCode(TEST_CODE)
    return 'accepted'
  } catch (error) {
    if (!(error instanceof CelloApiError)) return { failed: error instanceof Error ? error.message : String(error) }
    const said = `${error.status ?? ''}${error.celloMessage ? ` "${error.celloMessage}"` : ''}`.trim()
    // Cello answers 400 { message } for keys it does not know (https://docs.cello.so/api-reference/authentication/get-token); 401 or 403 mean the same.
    if (error.operation === 'POST /token' && [400, 401, 403].includes(error.status ?? 0)) return { refused: said }
    if (error.code === 'api_unreachable' || error.code === 'timeout') return { unreachable: error.message }
    return { failed: error.message }
  }
}

const other = (environment: CelloEnvironment): CelloEnvironment =>
  environment === 'production' ? 'sandbox' : 'production'

export async function checkKeys(env: Record<string, string | undefined>, target: KeysTarget): Promise<Finding[]> {
  const accessKeyId = env.CELLO_ACCESS_KEY_ID ?? ''
  const secretAccessKey = env.CELLO_SECRET_ACCESS_KEY ?? ''
  const missing = [
    accessKeyId ? null : 'CELLO_ACCESS_KEY_ID',
    secretAccessKey ? null : 'CELLO_SECRET_ACCESS_KEY',
  ].filter((name) => name !== null)
  if (missing.length > 0)
    return [
      {
        id: 'keys.missing',
        severity: 'error',
        message: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set: the server cannot call Cello.`,
        fix: `Set ${missing.join(' and ')} from Cello's portal (Access Keys, ${target.environment}), or pass --env-file .env.local.`,
      },
    ]

  const { environment, apiUrl, otherApiUrl } = target
  const where = `Cello's ${environment} API (${apiUrl})`
  const outcome = await tryKeys(accessKeyId, secretAccessKey, apiUrl)
  if (outcome === 'accepted') return [{ id: 'keys.accepted', severity: 'info', message: `${where} accepts the keys.` }]
  if ('unreachable' in outcome)
    return [
      {
        id: 'cello.unreachable',
        severity: 'error',
        message: `${where} could not be reached: ${outcome.unreachable}`,
        fix: 'Check the network, a proxy or firewall between this machine and Cello, and --api-url (CELLO_BASE_URL).',
      },
    ]
  if ('failed' in outcome)
    return [
      {
        id: 'cello.error',
        severity: 'error',
        message: `${where} failed to answer a key check: ${outcome.failed}`,
        fix: "Run doctor again; if it persists, check Cello's status and quote the request id to Cello's support.",
      },
    ]
  if (otherApiUrl !== undefined && (await tryKeys(accessKeyId, secretAccessKey, otherApiUrl)) === 'accepted')
    return [
      {
        id: 'keys.wrong_environment',
        severity: 'error',
        message: `The keys are ${other(environment)} keys (${otherApiUrl} accepts them), but the app uses ${where}, which refuses them.`,
        fix: `Use the ${environment} keys (Cello's portal, Access Keys, ${environment}), or set CELLO_ENV=${other(environment)} and createCelloClient({ environment: '${other(environment)}' }) if this app is meant for the ${other(environment)}.`,
      },
    ]
  return [
    {
      id: 'keys.refused',
      severity: 'error',
      message: `${where} refuses the keys (${outcome.refused}).`,
      fix: `Copy both keys again from Cello's portal (Access Keys, ${environment}). They are not the product id and product secret of the Referral Component.`,
    },
  ]
}
