import { setupWorker } from 'msw/browser'

/** The page's MSW worker: tests add their BFF handlers with `worker.use(...)`; setup.ts starts it. */
export const worker = setupWorker()
