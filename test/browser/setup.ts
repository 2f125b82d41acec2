import { configure } from '@testing-library/react'
import { setupWorker } from 'msw/browser'
import { afterAll, afterEach, beforeAll } from 'vitest'

// Two cores run every project at once: give waitFor room (a wait still ends as soon as it passes).
configure({ asyncUtilTimeout: 5000 })

/** The page's MSW worker: tests add their BFF handlers with `worker.use(...)`. */
export const worker = setupWorker()

beforeAll(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }))
afterAll(() => worker.stop())
afterEach(() => worker.resetHandlers())
