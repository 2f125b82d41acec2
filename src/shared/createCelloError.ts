import { CelloError, type CelloErrorCode } from './CelloError'

/**
 * The page that explains each error code, one section per code, its anchor the code itself
 * (`#script_timeout`). The repository's docs, so that the link works for every version.
 */
export const TROUBLESHOOTING_URL = 'https://github.com/react-cello/react-cello/blob/main/docs/troubleshooting.md'

/**
 * The one way the browser code (and `createFetchBff`) makes a {@link CelloError}: its message
 * always ends with the link to the code's section of docs/troubleshooting.md, so that a user who
 * meets it in production can read what went wrong and what to do.
 *
 * `message` is the full sentence in development builds and only the facts (a URL, a status, the
 * hook's name) in production ones. Call sites write the choice themselves,
 * `process.env.NODE_ENV !== 'production' ? sentence : facts`, so that a production bundle drops
 * the sentence: a condition inside this function could not.
 *
 * - development: `useUcc must be used within <CelloProvider>: … See https://…/troubleshooting.md#missing_provider`
 * - production: `missing_provider (useUcc): https://…/troubleshooting.md#missing_provider`
 */
export function createCelloError<Code extends CelloErrorCode>(
  code: Code,
  message: string,
  options?: { cause?: unknown },
): CelloError<Code> {
  const link = `${TROUBLESHOOTING_URL}#${code}`
  return new CelloError(
    code,
    process.env.NODE_ENV !== 'production'
      ? `${message}\nSee ${link}`
      : `${code}${message ? ` (${message})` : ''}: ${link}`,
    options,
  )
}
