/** Common fields of every {@link EmulatorFault}. */
interface FaultScope {
  /** Only requests whose path starts with this (string) or matches it (RegExp). All paths when unset. */
  path?: string | RegExp
  /** Only this method. */
  method?: string
  /** How many matching requests it affects. @defaultValue 1 (`Infinity` for all) */
  times?: number
  /** Probability (0–1) that a matching request is affected; a skipped request does not use up `times`. @defaultValue 1 */
  rate?: number
}

/**
 * A fault the emulator injects into matching requests:
 * - `latency`: answer normally after `ms`.
 * - `status`: answer `status` with `{ message }` (and `Retry-After` when `retryAfter` is set, in seconds) without doing anything.
 * - `drop`: destroy the connection without an answer (the client sees a reset).
 */
export type EmulatorFault = FaultScope &
  ({ kind: 'latency'; ms: number } | { kind: 'status'; status: number; retryAfter?: number; message?: string } | { kind: 'drop' })

type Armed = { fault: EmulatorFault; left: number }

/** The emulator's fault list: armed in order, used up per `times`. */
export function createFaultList(initial: EmulatorFault[] = [], random: () => number = Math.random) {
  let armed: Armed[] = []
  const add = (fault: EmulatorFault) => armed.push({ fault, left: fault.times ?? 1 })
  initial.forEach(add)
  const matches = ({ fault }: Armed, method: string, path: string) =>
    (fault.method === undefined || fault.method.toUpperCase() === method) &&
    (fault.path === undefined || (typeof fault.path === 'string' ? path.startsWith(fault.path) : fault.path.test(path)))
  return {
    add,
    clear: () => {
      armed = []
    },
    /** The faults that apply to this request, in order (latency may combine with one terminal fault). */
    take(method: string, path: string): EmulatorFault[] {
      const hit: EmulatorFault[] = []
      for (const entry of armed) {
        if (entry.left <= 0 || !matches(entry, method, path)) continue
        if (entry.fault.rate !== undefined && random() >= entry.fault.rate) continue
        entry.left -= 1
        hit.push(entry.fault)
        if (entry.fault.kind !== 'latency') break
      }
      armed = armed.filter((entry) => entry.left > 0)
      return hit
    },
  }
}
