// `react-cello emulator`: the Cello emulator of react-cello/testing on a port, with sample
// referrers, for local development; faults typed on the terminal (down, up, latency, fail…).
import { createInterface } from 'node:readline'
import { createCelloEmulator, type CelloEmulator } from '../testing/emulator/createCelloEmulator'
import type { EmulatorReferrer } from '../testing/emulator/EmulatorReferrer'
import { isValidUcc } from '../shared/referralCode'
import { errorCode } from '../server/outbox/isConnectionLost'
import { CliError, EXIT, integerOption, parseOptions, table, usage, type CliIo } from './cliIo'

/** The referrers it knows without `--referrer`: Alice is the demo's and the docs' own. */
const SAMPLE_REFERRERS: EmulatorReferrer[] = [
  { productUserId: 'alice', ucc: 'pNRB1aYqArN', campaignId: 'campaign-1', name: 'Alice' },
  { productUserId: 'bob', ucc: 'bobR3f3rral', campaignId: 'campaign-1', name: 'Bob' },
  { productUserId: 'carol', ucc: 'car0lInvites', campaignId: 'campaign-2', name: 'Carol' },
]

export const EMULATOR_HELP = `Usage: react-cello emulator [--port 4010] [--referrer id:code[:name]]… [--persist file.json]

Starts the Cello emulator (createCelloEmulator from react-cello/testing) on 127.0.0.1: Cello's API v1
as its documentation describes it, with sample referrers and its own fake keys. Point your server's
Cello client at it (the lines it prints), then type faults:

  down            Cello is down: connections are refused
  up              Cello is back (same port, same state)
  latency <ms>    every answer waits <ms> (0: none)
  fail <status>   every request is answered <status>, e.g. 503 or 429 (0: none)
  expire          the access tokens issued so far expire (the next call gets 401)
  clear           no more faults (latency and fail)
  events          the events Cello received
  help            these commands
  quit            stop (as Ctrl-C does)

Options:
  --port <n>             the port (default 4010; 0: any free port)
  --referrer <id:code[:name]>  a referrer, instead of the samples (repeat it for more)
  --persist <file>       keep received events and referrers added at run time in this JSON file
  -h, --help             this help

Exit codes: 0 stopped, 1 could not start (the port is taken), 2 usage error.
`

function referrerOption(value: string): EmulatorReferrer {
  const [productUserId = '', ucc = '', ...name] = value.split(':')
  if (!productUserId || !isValidUcc(ucc))
    throw usage(
      `--referrer takes productUserId:code[:name], the code letters, digits, - and _ (got ${JSON.stringify(value)})`,
    )
  return { productUserId, ucc, ...(name.length ? { name: name.join(':') } : {}) }
}

/** The faults that stay until changed: re-armed together, since the emulator clears them all at once. */
interface Standing {
  latencyMs: number
  failStatus: number
}

function arm(emulator: CelloEmulator, standing: Standing) {
  emulator.clearFaults()
  if (standing.latencyMs > 0) emulator.injectFault({ kind: 'latency', ms: standing.latencyMs, times: Infinity })
  if (standing.failStatus > 0) emulator.injectFault({ kind: 'status', status: standing.failStatus, times: Infinity })
}

/** Runs one line typed on the terminal; resolves to `true` for quit. */
async function command(line: string, emulator: CelloEmulator, standing: Standing, io: CliIo): Promise<boolean> {
  const [word = '', argument] = line.trim().split(/\s+/)
  const say = (text: string) => io.out(`> ${text}\n`)
  switch (word.toLowerCase()) {
    case '':
      return false
    case 'down':
      await emulator.stop()
      say('down: Cello refuses connections (type up to bring it back)')
      return false
    case 'up':
      await emulator.start()
      say(`up: Cello answers at ${emulator.url}`)
      return false
    case 'latency':
    case 'fail': {
      const [min, max] = word === 'latency' ? [0, 600_000] : [0, 599]
      const value = Number(argument)
      if (
        argument === undefined ||
        !/^\d+$/.test(argument) ||
        value > max ||
        (word === 'fail' && value > 0 && value < 400)
      ) {
        say(
          word === 'latency'
            ? 'latency takes milliseconds, e.g. latency 2000'
            : 'fail takes a status from 400 to 599, e.g. fail 503 (fail 0: none)',
        )
        return false
      }
      if (word === 'latency') standing.latencyMs = Math.max(min, value)
      else standing.failStatus = value
      arm(emulator, standing)
      say(
        word === 'latency'
          ? value
            ? `latency: every answer waits ${value} ms`
            : 'latency: none'
          : value
            ? `fail: every request is answered ${value}`
            : 'fail: none',
      )
      return false
    }
    case 'expire':
      emulator.expireTokens()
      say('expire: the access tokens issued so far are no longer valid')
      return false
    case 'clear':
      standing.latencyMs = 0
      standing.failStatus = 0
      arm(emulator, standing)
      say('clear: no faults')
      return false
    case 'events': {
      const events = emulator.events
      if (events.length === 0) say('events: none yet')
      else
        say(
          `events (${events.length}):\n${table([
            ['#', 'event', 'ucc', 'newUserId'],
            ...events.map((e, i) => [String(i + 1), e.context.event.trigger, e.payload.ucc, e.payload.newUserId]),
          ])}`,
        )
      return false
    }
    case 'help':
      say('down, up, latency <ms>, fail <status>, expire, clear, events, help, quit')
      return false
    case 'quit':
    case 'exit':
      return true
    default:
      say(`unknown command ${JSON.stringify(word)}: type help`)
      return false
  }
}

/** Runs `react-cello emulator`; resolves when told to quit (or on SIGINT/SIGTERM). */
export async function emulatorCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(args, {
    port: { type: 'string' },
    referrer: { type: 'string', multiple: true },
    persist: { type: 'string' },
  })
  if (values.help) {
    io.out(EMULATOR_HELP)
    return EXIT.ok
  }
  const port = integerOption(values.port, '--port', 0, 65_535) ?? 4010
  const referrers = values.referrer ? values.referrer.map(referrerOption) : SAMPLE_REFERRERS
  let emulator: CelloEmulator
  try {
    emulator = await createCelloEmulator({
      port,
      referrers,
      ...(values.persist ? { persistPath: values.persist } : {}),
    })
  } catch (error) {
    if (errorCode(error) === 'EADDRINUSE')
      throw new CliError('failed', `port ${port} is in use: pass another --port (0 picks a free one)`)
    throw error
  }

  // The keys are the emulator's own fake ones: printing them is the point.
  io.out(`Cello emulator listening on ${emulator.url}

Referrers:
${table([['productUserId', 'code', 'name', 'campaign'], ...emulator.referrers.map((r) => [r.productUserId, r.ucc, r.name ?? '', r.campaignId ?? ''])])}

Your server's environment (fake keys, for the emulator only):
CELLO_BASE_URL=${emulator.url}
CELLO_ACCESS_KEY_ID=${emulator.accessKeyId}
CELLO_SECRET_ACCESS_KEY=${emulator.secretAccessKey}

and its client:
createCelloClient({ baseUrl: process.env.CELLO_BASE_URL, accessKeyId: process.env.CELLO_ACCESS_KEY_ID!, secretAccessKey: process.env.CELLO_SECRET_ACCESS_KEY! })

A landing page with a referral: ?ucc=${referrers[0]?.ucc ?? 'pNRB1aYqArN'}
Type down, up, latency <ms>, fail <status>, expire, clear, events, help or quit.
`)

  const standing: Standing = { latencyMs: 0, failStatus: 0 }
  const stdin = io.stdin()
  const lines = createInterface({ input: stdin, terminal: false })
  await new Promise<void>((resolve) => {
    let queue = Promise.resolve()
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    // One command at a time, in the order typed (down then up must not overtake each other).
    lines.on('line', (line) => {
      queue = queue
        .then(async () => {
          if (await command(line, emulator, standing, io)) stop()
        })
        .catch((error: unknown) => io.err(`> ${error instanceof Error ? error.message : String(error)}\n`))
    })
    // Standard input closed (run in the background, < /dev/null): keep serving until a signal.
  })
  lines.close()
  await emulator.close()
  io.out('Cello emulator stopped\n')
  return EXIT.ok
}
