import * as z from 'zod/mini'
import { idSchema, parseInput } from '../client/schemas'

/** Input of {@link signWidgetToken}. */
export interface WidgetTokenInput {
  /** Your Cello product id (portal, Access Keys). */
  productId: string
  /** Your product secret (portal, Access Keys): a different secret from the API keys. */
  productSecret: string
  /** The signed-in user's id, unique per person (not per organization). */
  productUserId: string
  /** Issued-at time. @defaultValue now */
  issuedAt?: Date
}

const inputSchema = z.object({
  productId: idSchema,
  productSecret: z.string('is required').check(z.minLength(1, 'is required')),
  productUserId: idSchema,
  issuedAt: z.optional(z.date()),
})

/**
 * Signs the HS512 JWT that boots Cello's referral component (`cello.js`) for a user
 * (https://docs.cello.so/sdk/client-side/user-authentication): `{ productId, productUserId, iat }`. Server only.
 *
 * No `exp` claim: Cello documents none. Its tokens never expire unless you turn on Cello's 24-hour
 * expiry, counted from the token's creation (https://docs.cello.so/guides/token-update); turn it on,
 * and `useCelloReferral` refreshes the token 5 minutes before it expires.
 *
 * @example
 * const token = await signWidgetToken({ productId, productSecret: process.env.CELLO_PRODUCT_SECRET!, productUserId: user.id })
 */
export async function signWidgetToken(input: WidgetTokenInput): Promise<string> {
  const { productId, productSecret, productUserId, issuedAt } = parseInput(inputSchema, input, 'signWidgetToken input')
  const iat = Math.floor((issuedAt ?? new Date()).getTime() / 1000)
  const signingInput = `${encodeJson({ alg: 'HS512', typ: 'JWT' })}.${encodeJson({ productId, productUserId, iat })}`
  const key = await crypto.subtle.importKey(
    'raw',
    utf8.encode(productSecret),
    { name: 'HMAC', hash: 'SHA-512' },
    false,
    ['sign'],
  )
  const signature = await crypto.subtle.sign('HMAC', key, utf8.encode(signingInput))
  return `${signingInput}.${base64url(new Uint8Array(signature))}`
}

// A JWS in compact form (RFC 7515) with WebCrypto, which Node, Deno, Bun and the edge runtimes
// all have: one HMAC needs no JWT library in the server bundle.
const utf8 = { encode: (text: string) => new TextEncoder().encode(text) }
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
const encodeJson = (value: unknown) => base64url(utf8.encode(JSON.stringify(value)))
