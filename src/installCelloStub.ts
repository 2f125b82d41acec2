import type { CelloAttributionFunction, CelloCommand } from './types'

/**
 * Installs Cello's documented command-queue stub (https://docs.cello.so/sdk/client-side/attribution-js-usage, "Option 1: Queue Function") unless
 * `window.CelloAttribution` already exists: calls made before the script arrives are queued in
 * `window.CelloAttributionCmd` and answered by the script when it drains the queue.
 * Never replaces a real `window.CelloAttribution`.
 */
export function installCelloStub(win: Window = window): void {
  if (typeof win.CelloAttribution === 'function') return
  const stub: CelloAttributionFunction = (command, ...args) => {
    if (command === 'getReferral') {
      throw new Error('getReferral is not supported in this context. Use getUcc instead.')
    }
    return new Promise((resolve, reject) => {
      const queue: CelloCommand[] = (win.CelloAttributionCmd = win.CelloAttributionCmd || [])
      queue.push({ command, args, resolve, reject })
    })
  }
  win.CelloAttribution = stub
}
