// Browser tests drive Debian's Chromium. Say clearly how to get it when it is missing.
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(path)) {
  console.error(
    `[react-cello] Chromium not found at ${path}. The browser tests need it.\n` +
      '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium\n' +
      '  Elsewhere:      set CHROMIUM_PATH to a Chromium or Chrome binary.\n' +
      '  (bash .ci/run installs it automatically where apt-get is available.)',
  )
  process.exit(1)
}
