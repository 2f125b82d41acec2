#!/usr/bin/env node
// The `react-cello` command (package.json's bin): `npx react-cello doctor | emulator | outbox …`.
// Node only; see docs/cli.md.
import { runCli } from './cli/runCli'

// Output piped into a reader that stopped (`| head`): stop quietly, as other commands do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })

const code = await runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
  stdin: () => process.stdin,
})
// Exit once what was written is flushed: an idle keep-alive socket or pool must not hold the command open.
process.stdout.write('', () => process.exit(code))
