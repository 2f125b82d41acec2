// Server only (.server.ts never reaches the browser bundle): the Cello client (secret keys) and the
// event outbox, one per server process.
// https://docs.cello.so/api-reference/introduction , https://docs.cello.so/attribution/tracking-signups
import { createCelloClient, createCelloOutbox } from 'react-cello/server'

// The keys are checked at the first call, so `react-router build` needs none. CELLO_BASE_URL points
// the example at the Cello emulator its test starts; leave it unset to talk to Cello.
export const cello = createCelloClient({
  baseUrl: process.env.CELLO_BASE_URL || undefined,
  environment: process.env.CELLO_ENV === 'production' ? 'production' : 'sandbox',
  accessKeyId: process.env.CELLO_ACCESS_KEY_ID ?? '',
  secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY ?? '',
})

// In this process's memory: enough for one server. With several instances, use postgresOutbox()
// and enqueue in the same transaction as the user row (see examples/vite-express).
export const outbox = createCelloOutbox({ client: cello })
