/**
 * `AbortSignal.any(signals)`, made by hand where it is missing: Vercel's edge runtime
 * (https://github.com/vercel/edge-runtime) has `AbortSignal.timeout` but not `any`. The listeners
 * are removed once one signal aborts, so a long-lived caller's signal keeps no reference.
 */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals)
  const controller = new AbortController()
  const abort = (signal: AbortSignal) => {
    for (const s of signals) s.removeEventListener('abort', onAbort)
    controller.abort(signal.reason)
  }
  function onAbort(this: AbortSignal) {
    abort(this)
  }
  const aborted = signals.find((s) => s.aborted)
  if (aborted) abort(aborted)
  else for (const s of signals) s.addEventListener('abort', onAbort)
  return controller.signal
}
