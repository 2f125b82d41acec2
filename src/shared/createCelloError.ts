import { CelloError, type CelloErrorCode } from './CelloError'

/**
 * The page that explains each error code, one section per code, its anchor the code itself
 * (`#script_timeout`). The repository's docs, so that the link works for every version.
 */
export const TROUBLESHOOTING_URL = 'https://github.com/react-cello/react-cello/blob/main/docs/troubleshooting.md'

/**
 * The one way the browser code (and `createFetchBff`) makes a {@link CelloError}: its message
 * always carries the link to the code's section of docs/troubleshooting.md, so that a user who
 * meets it in production can read what went wrong and what to do.
 *
 * `message` is the full sentence in development builds and `''` in production ones: call sites
 * write `process.env.NODE_ENV !== 'production' ? sentence : ''`, so that a production bundle carries
 * no sentence (a condition inside this function could not drop it). A message that is not text of
 * the bundle (what the BFF answered) is passed in both.
 *
 * - with a message: `useUcc() must be used within <CelloProvider>: …\nSee https://…/troubleshooting.md#missing_provider`
 * - without (production): `missing_provider: https://…/troubleshooting.md#missing_provider`
 */
export function createCelloError<Code extends CelloErrorCode>(
  code: Code,
  message: string,
  options?: { cause?: unknown },
): CelloError<Code> {
  const link = `${TROUBLESHOOTING_URL}#${code}`
  return new CelloError(code, message ? `${message}\nSee ${link}` : `${code}: ${link}`, options)
}
