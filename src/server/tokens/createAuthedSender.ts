import type * as z from 'zod/mini'
import { CelloApiError } from '../client/CelloApiError'
import { sendToCello, type CelloLogEvent, type TransportOptions, type TransportRequest } from '../client/celloTransport'
import type { CelloTokenStore } from './CelloTokenStore'
import { createTokenManager, type TokenManager } from './createTokenManager'
import { memoryTokenStore } from './memoryTokenStore'
import { refreshTokenResponseSchema, tokenResponseSchema } from '../client/schemas'
import { createSharedTokenRecord } from './sharedTokenRecord'

/** What {@link createAuthedSender} needs: the client's transport and keys. */
export interface AuthedSenderOptions {
  transport: TransportOptions
  accessKeyId: string
  secretAccessKey: string
  /** Called before the first token exchange; throws when the keys are missing. */
  checkKeys: () => void
  tokenStore?: CelloTokenStore | undefined
  now: () => number
  log?: ((event: CelloLogEvent) => void) | undefined
}

/** Sends bearer calls to Cello, with the tokens they need. */
export interface AuthedSender {
  /** Sends `request` with an access token; a 401 drops the token and the call is tried once more with a fresh one. */
  send<S extends z.ZodMiniType>(request: Omit<TransportRequest<S>, 'bearer'>): Promise<z.output<S>>
  /** Every token held right now, for redaction (none before the first call). */
  held(): string[]
}

/**
 * Cello's bearer calls (https://docs.cello.so/api-reference/authentication/get-token): the token
 * manager is created at the first call, once the keys are known to be there, so that a build
 * without keys in its environment can still create the client.
 */
export function createAuthedSender(options: AuthedSenderOptions): AuthedSender {
  const { transport, accessKeyId, secretAccessKey, now, log } = options
  let manager: TokenManager | undefined

  const tokens = (): TokenManager => {
    if (manager) return manager
    options.checkKeys()
    return (manager = createTokenManager({
      now,
      log,
      shared: createSharedTokenRecord({
        store: options.tokenStore ?? memoryTokenStore(),
        baseUrl: transport.baseUrl,
        accessKeyId,
        secretAccessKey,
        log,
        lockTtlMs: 10_000,
      }),
      exchangeKeys: async () =>
        sendToCello(transport, {
          method: 'POST',
          path: '/token',
          template: '/token',
          kind: 'read',
          body: { accessKeyId, secretAccessKey },
          schema: tokenResponseSchema,
        }),
      exchangeRefresh: async (refreshToken) =>
        sendToCello(transport, {
          method: 'POST',
          path: '/token',
          template: '/token',
          kind: 'read',
          body: { refreshToken },
          schema: refreshTokenResponseSchema,
        }),
    }))
  }

  /**
   * A token, or a rejection as soon as the caller's signal aborts. The exchange itself is shared
   * (one at a time for every caller), so it is not aborted: the other callers still wait for it.
   */
  function tokenFor({
    method,
    template,
    signal,
  }: Pick<TransportRequest<z.ZodMiniType>, 'method' | 'template' | 'signal'>): Promise<string> {
    if (!signal) return tokens().get()
    return new Promise<string>((resolve, reject) => {
      const abort = () =>
        reject(
          new CelloApiError(
            'api_unreachable',
            `${method} ${template} was aborted by the caller while waiting for an access token.`,
            // Still waiting for a token: the request itself never left.
            { operation: `${method} ${template}`, attempts: 0, sent: 'no' },
          ),
        )
      if (signal.aborted) return abort()
      signal.addEventListener('abort', abort, { once: true })
      tokens()
        .get()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', abort))
    })
  }

  return {
    async send(request) {
      const token = await tokenFor(request)
      try {
        return await sendToCello(transport, { ...request, bearer: token })
      } catch (error) {
        if (!(error instanceof CelloApiError && error.status === 401)) throw error
        await tokens().invalidate(token)
        return sendToCello(transport, { ...request, bearer: await tokenFor(request) })
      }
    },
    held: () => manager?.held() ?? [],
  }
}
