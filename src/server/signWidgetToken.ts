import { SignJWT } from 'jose'
import { z } from 'zod'
import { idSchema, parseInput } from './schemas'

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
  productSecret: z.string('is required').min(1, 'is required'),
  productUserId: idSchema,
  issuedAt: z.date().optional(),
})

/**
 * Signs the HS512 JWT that boots Cello's referral component (`cello.js`) for a user
 * (https://docs.cello.so/sdk/client-side/user-authentication): `{ productId, productUserId, iat }`. Server only.
 *
 * @example
 * const token = await signWidgetToken({ productId, productSecret: process.env.CELLO_PRODUCT_SECRET!, productUserId: user.id })
 */
export async function signWidgetToken(input: WidgetTokenInput): Promise<string> {
  const { productId, productSecret, productUserId, issuedAt } = parseInput(inputSchema, input, 'signWidgetToken input')
  return new SignJWT({ productId, productUserId })
    .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
    .setIssuedAt(Math.floor((issuedAt ?? new Date()).getTime() / 1000))
    .sign(new TextEncoder().encode(productSecret))
}
