// Who a `POST /signups` names as the new user (`newUserId`), and whether that one is new enough to
// report a signup: the new-user window applies to what the event names (issue 20).
import { CelloValidationError } from '../client/CelloApiError'
import type { CelloUser } from './CelloHandler'

/** What {@link newSignupSubject} found: the id the event names, and whether it is inside the window. */
export interface NewSignupSubject {
  /** `payload.newUserId`: the organization under organization attribution (when there is one), else the user. */
  newUserId: string
  /** `false` when what `newUserId` names was created more than `windowMs` ago. */
  isNew: boolean
}

const TIME_FORMS = 'a Date, ISO string or ms'

/**
 * The subject of a signup report. Under `attribution: 'organization'` with an `organizationId`,
 * the event names the organization, so its `organizationCreatedAt` is what must be recent; else the
 * user's `createdAt`. Throws a `CelloValidationError` naming the missing field (the server's
 * mistake: `getUser` must return it) unless `windowMs` is `Infinity`.
 */
export function newSignupSubject(
  user: CelloUser,
  { attribution, windowMs, now }: { attribution: 'user' | 'organization'; windowMs: number; now: number },
): NewSignupSubject {
  const organization = attribution === 'organization' && user.organizationId ? user.organizationId : undefined
  const newUserId = organization ?? user.productUserId
  if (windowMs === Infinity) return { newUserId, isNew: true }
  const field = organization ? 'organizationCreatedAt' : 'createdAt'
  const value = user[field]
  const created = value === undefined ? NaN : new Date(value).getTime()
  if (Number.isNaN(created)) {
    throw new CelloValidationError('getUser', [
      {
        path: field,
        message: organization
          ? `is needed for POST /signups with attribution: 'organization' (when the organization was created: ${TIME_FORMS}), or set newUserWindowMs: Infinity`
          : `is needed for POST /signups (${TIME_FORMS}), or set newUserWindowMs: Infinity`,
      },
    ])
  }
  return { newUserId, isNew: now - created <= windowMs }
}
