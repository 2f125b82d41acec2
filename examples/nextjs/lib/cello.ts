// Server only: the Cello client (secret keys) and the event outbox, one per server process.
// https://docs.cello.so/api-reference/introduction , https://docs.cello.so/attribution/tracking-signups
import { createCelloClient, createCelloOutbox, type CelloClient, type CelloOutbox } from 'react-cello/server'

function create() {
  // Created at module level and still safe for `next build` with no keys in the environment: the
  // keys are checked at the first call. CELLO_BASE_URL points the example at the Cello emulator
  // its test starts; leave it unset to talk to Cello (CELLO_ENV picks sandbox or production).
  const cello = createCelloClient({
    baseUrl: process.env.CELLO_BASE_URL || undefined,
    environment: process.env.CELLO_ENV === 'production' ? 'production' : 'sandbox',
    accessKeyId: process.env.CELLO_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY ?? '',
  })
  // The default store is this process's memory: enough for one `next start`. An app with several
  // instances uses postgresOutbox() and enqueues in the same transaction as the user row.
  const outbox = createCelloOutbox({ client: cello })
  return { cello, outbox }
}

// One client and one outbox per process, even if Next loads this module more than once.
const shared = globalThis as typeof globalThis & { __cello?: { cello: CelloClient; outbox: CelloOutbox } }
export const { cello, outbox } = (shared.__cello ??= create())
