// Basic auth for Cello's reward webhook, compared without a timing leak: both sides are hashed
// (SHA-256, Web Crypto, so it runs on the edge too) and the fixed-length digests compared byte by
// byte without an early exit, so neither the content nor the length of a guess shows in the time.

const utf8 = new TextEncoder()

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(text)))
}

/** `true` when both digests are equal; always looks at every byte. */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return difference === 0
}

/** The username and password of an `Authorization: Basic …` header, or `null` when it is not one. */
function credentialsOf(header: string | null): { username: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!match?.[1]) return null
  let decoded: string
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/**
 * Checks an `Authorization` header against the expected Basic credentials in constant time.
 * Both the username and the password are always compared (no short circuit), each through its
 * SHA-256 digest, so a wrong guess of any length takes the same time as a right one.
 */
export async function checkBasicAuth(
  header: string | null,
  expected: { username: string; password: string },
): Promise<boolean> {
  const given = credentialsOf(header)
  const [givenUser, givenPassword, user, password] = await Promise.all([
    digest(given?.username ?? ''),
    digest(given?.password ?? ''),
    digest(expected.username),
    digest(expected.password),
  ])
  const userOk = sameDigest(givenUser, user)
  const passwordOk = sameDigest(givenPassword, password)
  return given !== null && userOk && passwordOk
}
