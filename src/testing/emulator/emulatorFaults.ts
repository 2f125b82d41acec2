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

/** When a `status` or `drop` fault strikes. */
interface FaultTiming {
  /**
   * `'apply'`: the emulator first carries the request out (an event is recorded, a token issued),
   * then the fault replaces its answer: Cello applied it but the caller never hears so. A request
   * the route refuses (401, 400, 404…) gets its normal answer and does not use up `times`.
   * Unset: the fault strikes before anything is applied.
   */
  after?: 'apply'
}

/** A fault that adds delay; it combines with one {@link TerminalFault}. */
type LatencyFault = FaultScope & { kind: 'latency'; ms: number }

/** A fault that replaces the answer. */
export type TerminalFault = FaultScope &
  FaultTiming &
  ({ kind: 'status'; status: number; retryAfter?: number; message?: string } | { kind: 'drop' })

/**
 * A fault the emulator injects into matching requests:
 * - `latency`: answer normally after `ms`.
 * - `status`: answer `status` with `{ message }` (and `Retry-After` when `retryAfter` is set, in
 *   seconds) without doing anything, or after doing it with `after: 'apply'`.
 * - `drop`: destroy the connection without an answer (the client sees a reset), before doing
 *   anything, or after doing it with `after: 'apply'` (the answer is lost).
 */
export type EmulatorFault = LatencyFault | TerminalFault

type Armed = { fault: EmulatorFault; left: number }

/** What {@link createFaultList}'s `take` found for one request. */
interface TakenFaults {
  latencies: LatencyFault[]
  terminal?: TerminalFault
  /** Gives the terminal fault's use back, when it did not affect the request after all. */
  giveBack(): void
}

/** The emulator's fault list: armed in order, used up per `times`. */
export function createFaultList(initial: EmulatorFault[] = [], random: () => number = Math.random) {
  // Used-up entries stay (skipped) so that a given-back use finds its place in the order.
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
    /**
     * The faults that apply to this request, in order: latency may combine with one terminal
     * fault. Each is used up now, so that concurrent requests cannot share the last use.
     */
    take(method: string, path: string): TakenFaults {
      const taken: TakenFaults = { latencies: [], giveBack: () => {} }
      for (const entry of armed) {
        if (entry.left <= 0 || !matches(entry, method, path)) continue
        if (entry.fault.rate !== undefined && random() >= entry.fault.rate) continue
        entry.left -= 1
        if (entry.fault.kind === 'latency') {
          taken.latencies.push(entry.fault)
          continue
        }
        taken.terminal = entry.fault
        taken.giveBack = () => void (entry.left += 1)
        break
      }
      return taken
    },
  }
}
