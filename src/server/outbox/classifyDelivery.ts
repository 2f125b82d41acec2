import { CelloApiError, CelloValidationError } from '../client/CelloApiError'
import { isCelloError } from '../../shared/CelloError'

/**
 * What one failed attempt to send an event means for the event:
 * - `not_sent`: it provably did not reach Cello (connection refused, DNS failure, the token
 *   exchange failed, 401) or Cello said to come back (429, 503): send it again later.
 * - `ambiguous`: it may have reached Cello (timeout, a connection lost after sending, 500/502/504):
 *   never treated as "not sent".
 * - `refused`: Cello refused it (any other 4xx), or it can never be sent as it is: resending
 *   changes nothing.
 * - `delivered`: Cello answered 2xx, with a body we did not expect.
 */
export type DeliveryOutcome = 'not_sent' | 'ambiguous' | 'refused' | 'delivered'

/** How {@link classifyDelivery} reads an error. */
export interface ClassifiedDelivery {
  outcome: DeliveryOutcome
  /** For the ledger's `reason`: what happened, never a secret (CelloApiError messages are redacted). */
  reason: string
  status: number | null
  requestId: string | null
  /** Cello's `Retry-After`, in ms. */
  retryAfterMs: number | null
}

// Failures that happen before a request leaves this machine.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

/** Classifies the error of one `POST /events` attempt (see {@link DeliveryOutcome}). */
export function classifyDelivery(error: unknown): ClassifiedDelivery {
  if (
    error instanceof CelloValidationError &&
    error.issues.every((i) => i.path === 'accessKeyId' || i.path === 'secretAccessKey')
  ) {
    // The client has no keys yet (a deployment without its environment): nothing was sent; keep it.
    return {
      outcome: 'not_sent',
      reason: `${error.code}: ${error.message}`,
      status: null,
      requestId: null,
      retryAfterMs: null,
    }
  }
  if (!(error instanceof CelloApiError)) {
    // Refused before sending (validation, a source that must not be used): nothing reached Cello.
    const reason = isCelloError(error) ? `${error.code}: ${error.message}` : 'refused before sending'
    return { outcome: 'refused', reason, status: null, requestId: null, retryAfterMs: null }
  }
  const base = {
    reason: `${error.code}: ${error.message}`,
    status: error.status ?? null,
    requestId: error.requestId ?? null,
    retryAfterMs: error.retryAfterMs ?? null,
  }
  // Another operation failed first (the token exchange): the event itself was never sent.
  if (error.operation !== 'POST /events') return { ...base, outcome: 'not_sent' }
  const status = error.status
  if (error.code === 'api_unreachable') {
    const cause = error.cause
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined
    return { ...base, outcome: typeof code === 'string' && NOT_DELIVERED.has(code) ? 'not_sent' : 'ambiguous' }
  }
  if (error.code === 'timeout') return { ...base, outcome: 'ambiguous' }
  if (error.code === 'api_bad_response') return { ...base, outcome: 'delivered' }
  if (status === 401 || status === 429 || status === 503) return { ...base, outcome: 'not_sent' }
  if (status !== undefined && status >= 500) return { ...base, outcome: 'ambiguous' }
  return { ...base, outcome: 'refused' }
}
