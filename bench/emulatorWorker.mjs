// Runs createCelloEmulator in a worker thread for bench/outbox.mjs, so that "Cello" has its own
// event loop (as a remote service would) instead of sharing the drainers' thread. workerData:
// { module: URL of the bundled sources, options: CelloEmulatorOptions }. Answers 'count' with
// the number of events received; 'close' stops it.
import { parentPort, workerData } from 'node:worker_threads'

const { createCelloEmulator } = await import(workerData.module)
const emulator = await createCelloEmulator(workerData.options)
parentPort.on('message', async (message) => {
  if (message === 'count') parentPort.postMessage({ events: emulator.events.length })
  if (message === 'close') {
    await emulator.close()
    parentPort.close()
  }
})
parentPort.postMessage({
  url: emulator.url,
  accessKeyId: emulator.accessKeyId,
  secretAccessKey: emulator.secretAccessKey,
})
