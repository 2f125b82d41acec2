// zod schemas for what createCelloHandler reads from outside: the request's path and JSON body
// (from the browser, so from anyone) and the user your `getUser` returns. zod/mini, parsed with
// the client's `safeParse` (English messages), as the client's schemas are.
import * as z from 'zod/mini'
import { isValidUcc, MAX_ID_LENGTH } from '../../shared/referralCode'
import type { CelloUser } from './CelloHandler'

const UCC_RULE = `must be a referral code: letters, digits, "-" and "_", 1 to ${MAX_ID_LENGTH} characters`

/** The `:code` of `GET /referral-codes/:code`, URL-decoded. */
export const referralCodeParamSchema = z.pipe(
  z.string(),
  z.transform((raw: string, payload) => {
    try {
      return decodeURIComponent(raw)
    } catch {
      payload.issues.push({ code: 'custom', message: 'is not valid URL encoding', input: raw })
      return z.NEVER
    }
  }),
)

/**
 * The JSON body of `POST /signups`: `{ ucc? }`, where a missing or `null` ucc means "the one in
 * the referral cookie". An empty body is `{}`; `null` is read as `{}` too. Other fields are ignored.
 */
export const signupBodySchema = z.pipe(
  z.nullable(z.object({ ucc: z.nullish(z.string().check(z.refine(isValidUcc, UCC_RULE))) })),
  z.transform((body: { ucc?: string | null } | null) => body ?? {}),
)

/** What `getUser` returns, once it returned someone: see `CelloUser`. Other fields are ignored. */
const when = () => z.optional(z.union([z.date(), z.string(), z.number()]))

export const celloUserSchema = z.object({
  productUserId: z.string().check(z.minLength(1, 'must be a non-empty string')),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  organizationId: z.optional(z.string()),
  createdAt: when(),
  organizationCreatedAt: when(),
})

// The hand check of getUser's answer: the app's own object, checked on every request (issue 25).
const timeOrAbsent = (value: unknown) =>
  value === undefined ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (value instanceof Date && !Number.isNaN(value.getTime()))
const textOrAbsent = (value: unknown) => value === undefined || typeof value === 'string'

/** True when `user` plainly passes celloUserSchema; when in doubt, false (the schema decides). */
export function isCelloUser(user: unknown): user is CelloUser {
  if (typeof user !== 'object' || user === null || Object.getPrototypeOf(user) !== Object.prototype) return false
  const field = (key: keyof CelloUser): unknown => Reflect.get(user, key)
  const id = field('productUserId')
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    textOrAbsent(field('email')) &&
    textOrAbsent(field('name')) &&
    textOrAbsent(field('organizationId')) &&
    timeOrAbsent(field('createdAt')) &&
    timeOrAbsent(field('organizationCreatedAt'))
  )
}

/** The `issues` of a 400 answer: where each bad field is, and what is wrong with it. */
export function issuesOf(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}
