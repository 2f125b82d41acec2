import { CelloError } from './shared/CelloError'

/** Calls one of Cello's commands (`getUcc`, `attachTo`, …) and resolves with its raw answer. */
export type CelloCall = (command: string, ...args: unknown[]) => Promise<unknown>

/**
 * A {@link CelloCall} through `window.CelloAttribution`, looked up at call time (the queue stub
 * before the script has loaded, the script's own function after). Rejects with
 * `CelloError('command_failed')` when the script throws, rejects or does not answer in `timeoutMs`.
 */
export function createCelloCall(timeoutMs: number): CelloCall {
  return (command, ...args) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(reject, timeoutMs, new Error(`no answer after ${timeoutMs} ms`))
      // Through a microtask, so that a script function that throws becomes a rejection.
      Promise.resolve()
        .then(() => window.CelloAttribution!(command, ...args))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer))
    }).catch((cause: unknown) => {
      throw new CelloError('command_failed', `Cello's attribution script failed to answer "${command}".`, { cause })
    })
}
