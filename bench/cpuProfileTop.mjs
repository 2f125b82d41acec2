// The frames with the most self time in a V8 CPU profile (`node --cpu-prof`, or the inspector's
// Profiler as bench/outboxDrainProfile.mjs takes it): what a process spent its thread on.
// Alone: `node bench/cpuProfileTop.mjs <file.cpuprofile> [--top 10]`.
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Self time per frame (function, file and line), largest first, from a profile's samples.
 * @returns {{ totalMs: number, idleMs: number, frames: { frame: string, ms: number }[] }}
 */
export function topFrames(profile, top = 10) {
  const self = selfTimes(profile)
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0)
  // `dispatch` is the inspector's own (taking and handing over the profile), not the program's.
  const idleMs = (self.get('(idle)') ?? 0) + (self.get('dispatch') ?? 0)
  const frames = [...self]
    .filter(([frame]) => frame !== '(idle)' && frame !== 'dispatch')
    .map(([frame, ms]) => ({ frame, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
  return { totalMs, idleMs, frames }
}

/** Self time in ms per frame (`name file:line`, `(idle)` and `(garbage collector)` included). */
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map()
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const file = url ? relative(process.cwd(), url.replace(/^file:\/\//, '')) : ''
    const frame = `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
    self.set(frame, (self.get(frame) ?? 0) + ms)
  })
  return self
}

/** The table as text lines: self time, its share of the busy (non-idle) time, the frame. */
export function topLines({ totalMs, idleMs, frames }) {
  const busy = totalMs - idleMs
  return [
    `profile ${totalMs.toFixed(0)} ms, idle (and the inspector's dispatch) ${idleMs.toFixed(0)} ms, busy ${busy.toFixed(0)} ms`,
    ...frames.map(
      ({ frame, ms }) => `${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${frame}`,
    ),
  ]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: node bench/cpuProfileTop.mjs <file.cpuprofile> [--top 10]')
  const i = process.argv.indexOf('--top')
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  console.log(topLines(topFrames(profile, i > 0 ? Number(process.argv[i + 1]) : 10)).join('\n'))
}
