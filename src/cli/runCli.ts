// The `react-cello` command: one word picks the command, the rest is its own. Errors become a line
// on standard error and an exit code (2 for usage, 1 otherwise); nothing here prints a secret.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CliError, EXIT, type CliIo } from './cliIo'

// Each command is loaded when it runs: `outbox list` does not load the emulator, nor doctor's checks.
const COMMANDS: Record<string, { summary: string; run(args: string[], io: CliIo): Promise<number> }> = {
  doctor: {
    summary: 'check keys, the BFF, the outbox, the token store, the landing page',
    run: async (args, io) => (await import('./doctor/doctorCommand')).doctorCommand(args, io),
  },
  emulator: {
    summary: "start Cello's emulator on a port, with faults typed on the terminal",
    run: async (args, io) => (await import('./emulatorCommand')).emulatorCommand(args, io),
  },
  outbox: {
    summary: 'list, get, resolve, retry and prune the PostgreSQL outbox',
    run: async (args, io) => (await import('./outboxCommand')).outboxCommand(args, io),
  },
}

const HELP = `Usage: react-cello <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

react-cello <command> --help says more about each. react-cello --version prints the version.
Exit codes: 0 ok, 1 a failure or an error finding, 2 a usage error.
`

/** This package's version, from the package.json above the running file (dist/ or src/). */
function version(): string {
  // Paths, not `new URL('..', import.meta.url)`: Vite would take that for an asset to bundle.
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'react-cello' && 'version' in pkg)
        return String(pkg.version)
    } catch {
      // No package.json here: one folder up.
    }
    if (dirname(dir) === dir) return 'unknown'
    dir = dirname(dir)
  }
}

/** Runs `react-cello …` with `args` (argv without node and the script); resolves to the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const command = rest[0] === undefined ? undefined : COMMANDS[rest[0]]
    if (name === 'help' && command) return command.run(['--help'], io)
    io.out(HELP)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`)
    return EXIT.ok
  }
  const command = COMMANDS[name]
  if (!command) {
    io.err(`react-cello: unknown command ${JSON.stringify(name)}\n\n${HELP}`)
    return EXIT.usage
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`react-cello ${name}: ${error.message}\n${error.code === 'usage' ? `(react-cello ${name} --help)\n` : ''}`)
      return error.code === 'usage' ? EXIT.usage : EXIT.failed
    }
    io.err(`react-cello ${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`)
    return EXIT.failed
  }
}
