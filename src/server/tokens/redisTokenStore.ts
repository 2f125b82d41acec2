import { CelloError } from '../../shared/CelloError'
import type { CelloTokenStore } from './CelloTokenStore'

/** A node-redis (v4 or later) client, as far as {@link redisTokenStore} uses it. */
export interface NodeRedisTokenStoreClient {
  sendCommand(args: string[]): Promise<unknown>
}

/** An ioredis client or cluster, as far as {@link redisTokenStore} uses it. */
export interface IoRedisTokenStoreClient {
  call(command: string, ...args: string[]): Promise<unknown>
}

/** Options of {@link redisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** Put before every key, to keep apart apps or environments sharing one Redis. @defaultValue 'react-cello:' */
  prefix?: string
}

const text = (reply: unknown): string | null => {
  if (reply === null || reply === undefined) return null
  if (typeof reply === 'string') return reply
  // node-redis with a Buffer type mapping answers bytes.
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply)
  return String(reply)
}

/**
 * A {@link CelloTokenStore} in Redis, shared by every instance that uses the same Redis and prefix.
 * Pass a connected node-redis client (`createClient()` from `redis`, v4 or later) or an ioredis
 * client; which one is told by its methods (`call` for ioredis, `sendCommand` for node-redis).
 * It sends `GET`, `SET key value PX ttl [NX]` and `DEL`, nothing else.
 *
 * @example
 * import { createClient } from 'redis'
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const cello = createCelloClient({ accessKeyId, secretAccessKey, tokenStore: redisTokenStore(redis) })
 * @see https://docs.cello.so/api-reference/authentication/get-token
 */
export function redisTokenStore(
  client: NodeRedisTokenStoreClient | IoRedisTokenStoreClient,
  options: RedisTokenStoreOptions = {},
): CelloTokenStore {
  const prefix = options.prefix ?? 'react-cello:'
  // ioredis has both methods (its sendCommand takes a Command object), so `call` is looked at first.
  let command: (name: string, ...args: string[]) => Promise<unknown>
  if ('call' in client && typeof client.call === 'function') command = (name, ...args) => client.call(name, ...args)
  else if ('sendCommand' in client && typeof client.sendCommand === 'function')
    command = (name, ...args) => client.sendCommand([name, ...args])
  else
    throw new CelloError(
      'invalid_argument',
      'redisTokenStore(client) needs a node-redis client (with sendCommand) or an ioredis client (with call).',
    )
  return {
    get: async (key) => text(await command('GET', prefix + key)),
    set: async (key, value, ttlMs, setOptions) => {
      const args = [prefix + key, value, 'PX', String(Math.max(1, Math.ceil(ttlMs)))]
      if (setOptions?.ifAbsent) args.push('NX')
      // 'OK' when written; null (ioredis, node-redis) or undefined when NX found the key taken.
      const answer = await command('SET', ...args)
      return answer !== null && answer !== undefined
    },
    delete: async (key) => {
      await command('DEL', prefix + key)
    },
  }
}
