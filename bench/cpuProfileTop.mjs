// The heaviest frames of a V8 .cpuprofile (node --cpu-prof) by self time: where the process spent
// its CPU, one line per function (name, file:line), summed over every node of the call tree. Time
// the process sat waiting, `(idle)`, is left out: shares are of the time on the CPU.
// `node bench/cpuProfileTop.mjs <file.cpuprofile> [count]`.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The `count` heaviest frames of `file` by self time, as a Markdown table. */
export function topFrames(file, count = 10) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map()
  let total = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const where = url ? `${url.replace(/^.*\//, '')}:${lineNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'} ${where}`.trim()
    if (key === '(idle)') return
    self.set(key, (self.get(key) ?? 0) + delta)
    total += delta
  })
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, count)
  return [
    '| frame | self ms | share |',
    '| --- | ---: | ---: |',
    ...rows.map(([key, us]) => `| \`${key}\` | ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)}% |`),
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, count] = process.argv.slice(2)
  if (!file) throw new Error('usage: node bench/cpuProfileTop.mjs <file.cpuprofile> [count]')
  console.log(topFrames(file, count ? Number(count) : 10))
}
