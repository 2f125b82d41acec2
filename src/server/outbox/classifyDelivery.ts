import { CelloApiError, CelloValidationError } from '../client/CelloApiError'
import { isCelloError } from '../../shared/CelloError'

/**
 * What one failed attempt to send an event means for the event:
 * - `not_sent`: it provably did not reach Cello (the error's `sent` is `'no'`: connection refused,
 *   DNS failure, 401), its own request never started (the token exchange failed), or Cello said to
 *   come back (429, 503): send it again later.
 * - `ambiguous`: it may have reached Cello (`sent: 'maybe'`: timeout, a connection lost after
 *   sending, 500/502/504): never treated as "not sent".
 * - `refused`: Cello refused it (`sent: 'yes'`, any other 4xx), or it can never be sent as it is:
 *   resending changes nothing.
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

/**
 * Classifies the error of one `POST /events` attempt (see {@link DeliveryOutcome}). Whether the
 * event reached Cello is the client's decision, stored on the error (`CelloApiError.sent`): this
 * reads it and never decides it again, so the outbox and the client's retry policy cannot disagree.
 */
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
  // Another operation failed first (the token exchange): the event's own request never started.
  if (error.operation !== 'POST /events') return { ...base, outcome: 'not_sent' }
  if (error.sent === 'no') return { ...base, outcome: 'not_sent' }
  if (error.sent === 'maybe') return { ...base, outcome: 'ambiguous' }
  // Cello received it: a 2xx with a body we did not expect, or a refusal.
  const ok = error.status !== undefined && error.status >= 200 && error.status < 300
  return { ...base, outcome: ok ? 'delivered' : 'refused' }
}
