// What a database error is, from its code (SQLSTATE, or a Node.js/driver code).

/** The error's `code` (SQLSTATE, or a Node.js/driver code), when it has a string one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}
