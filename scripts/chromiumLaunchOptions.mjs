// Debian's Chromium, headless, with nothing that phones home: the machine has no network, and
// without the background-networking flags Chromium's own connections are refused many at a time.
// The one list of flags for Vitest's browser projects (vite.config.ts), the e2e tests, the example
// apps' journeys (scripts/examples/) and the time-to-code bench.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
}
