// The emulator's HTTP listener on 127.0.0.1. It can stop (connections are refused, as when Cello
// is down) and listen again on the same port, so a restarted Cello keeps its address.
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Handles one request; `down` is aborted when the listener stops while the request is in flight. */
export type EmulatorHandler = (req: IncomingMessage, res: ServerResponse, down: AbortSignal) => Promise<void>

/** Listens on `port` (0: a free one) and returns the port it got with the lifecycle controls. */
export async function createListener(handler: EmulatorHandler, requestedPort: number) {
  // Imported here, not at the top, so that react-cello/testing stays importable outside Node.
  const { createServer } = await import('node:http')
  const { EventEmitter } = await import('node:events')
  // Every request in flight listens on `down` (a latency fault holds many at once): more than 10 is
  // the normal case here, not a leak, so Node's MaxListenersExceededWarning is off for it.
  const downController = () => {
    const controller = new AbortController()
    EventEmitter.setMaxListeners(0, controller.signal)
    return controller
  }
  let down = downController()
  let closed = false
  const inFlight = new Set<Promise<void>>()
  const server = createServer((req, res) => {
    const done: Promise<void> = handler(req, res, down.signal)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: 'Internal Server Error' }))
      })
      .finally(() => inFlight.delete(done))
    inFlight.add(done)
  })
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  await listen(requestedPort)
  const address = server.address()
  // A TCP listener (never a pipe): its address is an object with the port the system chose.
  if (address === null || typeof address === 'string')
    throw new Error(`[react-cello] the emulator's listener has no TCP port (${String(address)}).`)
  const port = address.port

  async function stop() {
    if (!server.listening) return
    down.abort()
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeAllConnections()
    await stopped
    await Promise.all(inFlight) // each one sees `down` aborted and ends without applying anything more
    // Two turns of the event loop (so one poll phase) let clients in this process read the closed
    // sockets: a keep-alive pool then opens a new connection after restart() instead of writing
    // to a dead one and failing with "other side closed".
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
  }
  // One lifecycle step at a time: a start() called during a stop() waits for it.
  let queue: Promise<void> = Promise.resolve()
  const serially = (step: () => Promise<void>) => (queue = queue.catch(() => {}).then(step))

  return {
    port,
    stop: () => serially(stop),
    start: () =>
      serially(async () => {
        if (closed)
          throw new Error('[react-cello] This emulator was closed: create another one with createCelloEmulator().')
        if (server.listening) return
        down = downController()
        await listen(port)
      }),
    close: () =>
      serially(async () => {
        closed = true
        await stop()
      }),
  }
}
