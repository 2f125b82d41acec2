/** One queued call, as Cello's documented command-queue stub pushes it (https://docs.cello.so/sdk/client-side/attribution-js-usage). */
export interface CelloCommand {
  command: string
  args: unknown[]
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
}

/**
 * Calls one of Cello's commands (`getUcc`, `attachTo`, …) and resolves with its raw answer: the
 * shape of `window.CelloAttribution`, Cello's single entry point, `(command, ...args) => Promise`.
 */
export type CelloCaller = (command: string, ...args: unknown[]) => Promise<unknown>

declare global {
  interface Window {
    CelloAttribution?: CelloCaller
    CelloAttributionCmd?: CelloCommand[]
  }
}

// Shared with the server side, which must not see the Window augmentation above.
export type { CelloConsent, CelloEnvironment, Referral } from '../shared/types'
