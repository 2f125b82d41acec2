import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const PROJECT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * A path as the demo shows it (its start-up lines, the events panel): relative to the project,
 * never the machine's absolute path (`examples/demo/.data/pglite`).
 */
export function projectPath(path: string): string {
  return relative(PROJECT, path).split(sep).join('/') || '.'
}
