import type { CelloEmulator } from '../src/testing'

/** A running demo: its URL, its backend (with the embedded emulator, when no keys are set), and close(). */
export interface RunningDemo {
  url: string
  demo: { emulator: CelloEmulator | null; mode: 'emulator' | 'cello'; reset(): void; close(): Promise<void> }
  close(): Promise<void>
}

/** Starts the demo on 127.0.0.1 (`port: 0` picks a free port). */
export function startDemo(options?: { port?: number; log?: (line: string) => void }): Promise<RunningDemo>
