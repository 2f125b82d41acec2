import { configure } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { worker } from './mswWorker'

// Two cores run every project at once: give waitFor room (a wait still ends as soon as it passes).
configure({ asyncUtilTimeout: 5000 })

beforeAll(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }))
afterAll(() => worker.stop())
afterEach(() => worker.resetHandlers())
