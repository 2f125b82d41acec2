// Checks on the built package that publint and attw do not make:
// the client entry keeps 'use client', the server entry never imports React,
// and the client entry contains no server or testing code.
import { existsSync, readFileSync } from 'node:fs'

const failures = []
const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null)

const client = read('dist/index.js')
if (client === null) failures.push('dist/index.js is missing: run the build first')
else {
  if (!/^['"]use client['"];?/.test(client)) failures.push("dist/index.js does not start with 'use client'")
  for (const marker of ['secretAccessKey', 'node:', 'createCelloClient', 'createCelloEmulator', 'fakeAttributionScript']) {
    if (client.includes(marker)) failures.push(`dist/index.js contains "${marker}": server or testing code reached the client entry`)
  }
}

const server = read('dist/server.js')
if (server !== null && /from\s*['"](react|react-dom)(\/[^'"]*)?['"]|require\(['"]react/.test(server)) {
  failures.push('dist/server.js imports React: the server entry must not')
}

for (const entry of ['index', 'testing', ...(server !== null ? ['server'] : [])]) {
  if (!existsSync(`dist/${entry}.d.ts`)) failures.push(`dist/${entry}.d.ts is missing`)
}

if (failures.length) {
  console.error(failures.map((f) => `[check-build] ${f}`).join('\n'))
  process.exit(1)
}
console.log('[check-build] client entry is a client module with no server code; server entry has no React')
