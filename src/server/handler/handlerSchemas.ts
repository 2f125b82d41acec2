// zod schemas for what createCelloHandler reads from outside: the request's path and JSON body
// (from the browser, so from anyone) and the user your `getUser` returns.
import * as z from 'zod'
import { isValidUcc, MAX_ID_LENGTH } from '../../shared/referralCode'
import type { CelloUser } from './CelloHandler'

const UCC_RULE = `must be a referral code: letters, digits, "-" and "_", 1 to ${MAX_ID_LENGTH} characters`

/** The `:code` of `GET /referral-codes/:code`, URL-decoded. */
export const referralCodeParamSchema = z.string().transform((raw, ctx) => {
  try {
    return decodeURIComponent(raw)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid URL encoding' })
    return z.NEVER
  }
})

/**
 * The JSON body of `POST /signups`: `{ ucc? }`, where a missing or `null` ucc means "the one in
 * the referral cookie". An empty body is `{}`; `null` is read as `{}` too. Other fields are ignored.
 */
export const signupBodySchema = z
  .object({ ucc: z.string().refine(isValidUcc, UCC_RULE).nullish() })
  .nullable()
  .transform((body) => body ?? {})

/** What `getUser` returns, once it returned someone: see `CelloUser`. Other fields are ignored. */
export const celloUserSchema = z.object({
  productUserId: z.string().min(1, 'must be a non-empty string'),
  email: z.string().optional(),
  name: z.string().optional(),
  organizationId: z.string().optional(),
  createdAt: z.union([z.date(), z.string(), z.number()]).optional(),
  organizationCreatedAt: z.union([z.date(), z.string(), z.number()]).optional(),
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
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}
