import type { CelloOutbox } from '../../src/server'
import type { CelloEmulator } from '../../src/testing'

/** A running demo: its URL, its backend (with the embedded emulator, when no keys are set), and close(). */
export interface RunningDemo {
  url: string
  demo: {
    emulator: CelloEmulator | null
    outbox: CelloOutbox
    mode: 'emulator' | 'cello'
    /** Where users, sessions and the outbox live, in words (a folder relative to the project). */
    storage: string
    /** Where the emulator keeps what it received, relative to the project; `null` in memory or with the real Cello. */
    emulatorFile: string | null
    /** Empties the tables and the emulator, and brings Cello back up. */
    reset(): Promise<void>
    close(): Promise<void>
  }
  close(): Promise<void>
}

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** `0` picks a free port. @defaultValue 5173 */
  port?: number
  log?: (line: string) => void
  /** A folder for the PGlite database and what the emulator received. Unset: all in memory. */
  dataDir?: string
  /** PostgreSQL instead of PGlite (a `pg` Pool). */
  databaseUrl?: string
  /** Prefix of the demo's tables. @defaultValue 'demo_' */
  tablePrefix?: string
}

/** Starts the demo on 127.0.0.1. */
export function startDemo(options?: StartDemoOptions): Promise<RunningDemo>
