// Is the token store's Redis reachable? A PING over Redis's own protocol (after AUTH when the URL
// has a password), so that doctor needs no Redis client: the app may use node-redis, ioredis or
// Upstash's REST client (whose REST URL is not a redis:// URL, and is not checked here).
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { printableUrl } from '../cliIo'
import type { Finding } from './findings'
import { PROBE_TIMEOUT_MS } from './probe'

/** A command in RESP, Redis's wire format: an array of bulk strings. */
const resp = (...parts: string[]) =>
  `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`

/** Sends AUTH (when the URL has a password) and PING; resolves when PONG comes back, rejects with Redis's error. */
function pingRedis(url: string): Promise<void> {
  const parsed = new URL(url)
  const tls = parsed.protocol === 'rediss:'
  const options = { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 6379) }
  const password = decodeURIComponent(parsed.password)
  const user = decodeURIComponent(parsed.username)
  const commands = [...(password ? [user ? resp('AUTH', user, password) : resp('AUTH', password)] : []), resp('PING')]
  return new Promise((resolve, reject) => {
    const socket: Socket = tls ? connectTls({ ...options, servername: options.host }) : connectTcp(options)
    const timer = setTimeout(() => finish(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS)
    let buffer = ''
    let answers = 0
    const finish = (error?: Error) => {
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else resolve()
    }
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(commands.join('')))
    socket.on('error', (error) => finish(error))
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8')
      let end: number
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        // Redis's error lines never repeat the password.
        if (line.startsWith('-')) return finish(new Error(line.slice(1)))
        answers += 1
        if (answers === commands.length)
          return finish(line === '+PONG' ? undefined : new Error(`PING answered ${line}`))
      }
    })
  })
}

export async function checkRedis(url: string): Promise<Finding> {
  const where = printableUrl(url)
  if (!/^rediss?:\/\//.test(url))
    return {
      id: 'token_store.url',
      severity: 'error',
      message: `--redis-url must be a redis:// or rediss:// URL (got ${where}).`,
      fix: "Pass the URL your token store's Redis client connects to.",
    }
  try {
    await pingRedis(url)
    return { id: 'token_store.reachable', severity: 'info', message: `The token store's Redis at ${where} answers.` }
  } catch (error) {
    return {
      id: 'token_store.unreachable',
      severity: 'error',
      message: `The token store's Redis at ${where} does not answer: ${error instanceof Error ? error.message : String(error)}.`,
      fix: 'Check the URL, its password and the network. The client carries on with a token of its own (store_failed in its log), but every instance then exchanges the keys itself.',
    }
  }
}
