// The emulator's `persistPath`: what it received, kept in a JSON file so that a process restarted
// with the same path finds the same Cello.
import type { EmulatorReferrer } from './EmulatorReferrer'
import type { ReceivedEvent } from './emulatorEvents'

/** What the state file holds: the accepted events and the referrers added at run time. */
export interface PersistedState {
  events: ReceivedEvent[]
  referrers: EmulatorReferrer[]
}

/** Reads the state file at `path` (`loaded` is undefined when there is none) and returns how to rewrite it. */
export async function openStateFile(
  path: string,
): Promise<{ loaded?: PersistedState; save(state: PersistedState): void }> {
  // Imported here, not at the top, so that react-cello/testing stays importable outside Node.
  const fs = await import('node:fs')
  const { dirname } = await import('node:path')
  let text: string | undefined
  try {
    text = fs.readFileSync(path, 'utf8')
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error
  }
  fs.mkdirSync(dirname(path), { recursive: true })
  return {
    loaded: text === undefined ? undefined : parse(text, path),
    // Synchronous, so the file is written before the emulator answers. Written beside the file and
    // renamed over it: a process that dies mid-write leaves the previous file whole, never half a file.
    save(state) {
      const temporary = `${path}.${crypto.randomUUID()}.tmp`
      fs.writeFileSync(temporary, JSON.stringify({ version: 1, ...state }))
      fs.renameSync(temporary, path)
    },
  }
}

function parse(text: string, path: string): PersistedState {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    // reported below
  }
  const events: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'events') : undefined
  const referrers: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'referrers') : undefined
  if (!Array.isArray(events) || !Array.isArray(referrers)) {
    throw new Error(
      `[react-cello] persistPath ${path} is not a state file of createCelloEmulator: delete it or choose another path.`,
    )
  }
  // Arrays that save() wrote from the emulator's own state (version 1); their items are not checked again.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- written by save() of this module, from typed state
  return { events: events as ReceivedEvent[], referrers: referrers as EmulatorReferrer[] }
}
