// Encryption of the token record at rest in a CelloTokenStore: AES-256-GCM through Web Crypto (Node
// 20+, edge runtimes), with a key derived by HKDF-SHA-256 from the secret access key. Only a holder
// of the same secret can read or forge a record; a store admin or a leaked dump sees neither token.

const encoder = new TextEncoder()
const VERSION = 'v1'

const toBase64Url = (bytes: Uint8Array) => {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
const fromBase64Url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))

/** A short, stable, non-reversible name: base64url SHA-256 of `text`. */
export async function hashName(text: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
}

/** Seals and opens the token record with a key only the holder of the secret access key can derive. */
export interface TokenCipher {
  /** `v1.<iv>.<ciphertext>`, base64url; `context` (the store key) is bound as additional data. */
  seal(plaintext: string, context: string): Promise<string>
  /** The plaintext, or `null` for anything not sealed by the same secret for the same context. */
  open(sealed: string, context: string): Promise<string | null>
}

/** AES-256-GCM under HKDF-SHA-256(secretAccessKey), salt and info naming react-cello and the key id. */
export function createTokenCipher(secretAccessKey: string, accessKeyId: string): TokenCipher {
  let key: Promise<CryptoKey> | undefined
  const aesKey = () =>
    (key ??= crypto.subtle
      .importKey('raw', encoder.encode(secretAccessKey), 'HKDF', false, ['deriveKey'])
      .then((material) =>
        crypto.subtle.deriveKey(
          {
            name: 'HKDF',
            hash: 'SHA-256',
            salt: encoder.encode('react-cello token store'),
            info: encoder.encode(`react-cello token record ${VERSION} ${accessKeyId}`),
          },
          material,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      ))

  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        await aesKey(),
        encoder.encode(plaintext),
      )
      return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`
    },
    async open(sealed, context) {
      const [version, iv, ciphertext, extra] = sealed.split('.')
      if (version !== VERSION || !iv || !ciphertext || extra !== undefined) return null
      try {
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: encoder.encode(context) },
          await aesKey(),
          fromBase64Url(ciphertext),
        )
        return new TextDecoder().decode(plaintext)
      } catch {
        return null // another key, another context, or tampered with
      }
    },
  }
}
