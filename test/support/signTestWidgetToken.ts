/**
 * Signs a widget token as `signWidgetToken` does (HS512 JWT `{ productId, productUserId, iat }`),
 * without importing the server side: the stories' bundle must not reach it (scripts/scan-secrets.mjs).
 * test/referral/useCelloReferral.browser.test.tsx checks the fake cello.js accepts signWidgetToken's
 * own tokens.
 */
export async function signTestWidgetToken(input: {
  productId: string
  productSecret: string
  productUserId: string
  issuedAt: Date
}): Promise<string> {
  const utf8 = new TextEncoder()
  const base64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  const json = (value: unknown) => base64url(utf8.encode(JSON.stringify(value)))
  const claims = {
    productId: input.productId,
    productUserId: input.productUserId,
    iat: Math.floor(input.issuedAt.getTime() / 1000),
  }
  const signingInput = `${json({ alg: 'HS512', typ: 'JWT' })}.${json(claims)}`
  const key = await crypto.subtle.importKey(
    'raw',
    utf8.encode(input.productSecret),
    { name: 'HMAC', hash: 'SHA-512' },
    false,
    ['sign'],
  )
  return `${signingInput}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(signingInput))))}`
}
