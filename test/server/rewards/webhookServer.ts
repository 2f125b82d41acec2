// The reward webhook mounted on a real HTTP server (port 0) through toNodeHandler, with a switch
// that loses the next answer after the handler committed (the socket dies before the status).
import { createServer, type Server } from 'node:http'
import { createCelloWebhookHandler, toNodeHandler } from '../../../src/server'
import type { CelloWebhookHandlerOptions } from '../../../src/server'

export const CREDENTIALS = { username: 'cello-webhook', password: 'test-webhook-password' }

export interface WebhookServer {
  url: string
  /** The next request is handled (and committed), then its connection is cut before the answer. */
  loseNextAnswer(): void
  close(): Promise<void>
}

export async function startWebhookServer(
  options: Omit<CelloWebhookHandlerOptions<unknown>, 'username' | 'password' | 'environment'> &
    Partial<Pick<CelloWebhookHandlerOptions<unknown>, 'environment'>>,
): Promise<WebhookServer> {
  const handler = toNodeHandler(
    createCelloWebhookHandler({ ...CREDENTIALS, environment: 'production', onError: () => {}, ...options }),
  )
  let lose = false
  const server: Server = createServer((req, res) => {
    if (lose) {
      lose = false
      res.writeHead = (() => {
        req.socket.destroy()
        return res
      }) as typeof res.writeHead
    }
    void handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/api/cello/rewards`,
    loseNextAnswer: () => (lose = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
