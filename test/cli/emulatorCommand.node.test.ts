// `react-cello emulator`, started as a user starts it and answered by the package's own client:
// a signup reaches it, `down` makes the client fail with a typed error, `up` brings it back, `quit`
// stops it with exit code 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCelloClient, isCelloApiError } from '../../src/server'
import { buildCli, runCli, startCli } from './cliProcess'

let cli: Awaited<ReturnType<typeof buildCli>>
beforeAll(async () => {
  cli = await buildCli()
}, 60_000)
afterAll(() => cli?.remove())

describe('react-cello emulator', () => {
  it('serves Cello on a port, takes down/up from the terminal, and quits', async () => {
    const emulator = startCli(cli.file, ['emulator', '--port', '0'])
    try {
      const [, url = ''] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
      const [, accessKeyId = ''] = await emulator.waitFor(/^CELLO_ACCESS_KEY_ID=(.+)$/m)
      const [, secretAccessKey = ''] = await emulator.waitFor(/^CELLO_SECRET_ACCESS_KEY=(.+)$/m)
      expect(emulator.stdout).toContain(`CELLO_BASE_URL=${url}`)
      const cello = createCelloClient({ baseUrl: url, accessKeyId, secretAccessKey, retry: { retries: 0 } })

      // A sample referrer's code, and a token exchange plus a new-signup event.
      expect(await cello.validateReferralCode('pNRB1aYqArN')).toMatchObject({ valid: true })
      await cello.trackSignup({ ucc: 'pNRB1aYqArN', newUser: { id: 'cli-user-1', email: 'one@example.com' } })

      await emulator.waitFor(/^> down:/m, emulator.type('down'))
      const failure = await cello
        .trackSignup({ ucc: 'pNRB1aYqArN', newUser: { id: 'cli-user-2', email: 'two@example.com' } })
        .then(
          () => null,
          (error: unknown) => error,
        )
      expect(isCelloApiError(failure) && failure.code).toBe('api_unreachable')

      await emulator.waitFor(/^> up:/m, emulator.type('up'))
      await cello.trackSignup({ ucc: 'pNRB1aYqArN', newUser: { id: 'cli-user-3', email: 'three@example.com' } })

      const [events] = await emulator.waitFor(/^> events \(2\):[\s\S]*cli-user-3/m, emulator.type('events'))
      expect(events).toContain('cli-user-1')
      expect(events).not.toContain('cli-user-2')

      await emulator.waitFor(/^> fail: every request is answered 503/m, emulator.type('fail 503'))
      const refused = await cello.validateReferralCode('pNRB1aYqArN').then(
        () => null,
        (error: unknown) => error,
      )
      expect(isCelloApiError(refused) && refused.status).toBe(503)
      await emulator.waitFor(/^> clear:/m, emulator.type('clear'))
      expect(await cello.validateReferralCode('pNRB1aYqArN')).toMatchObject({ valid: true })

      emulator.type('quit')
      expect(await emulator.exited).toBe(0)
    } finally {
      emulator.child.kill()
    }
  })

  it('stops quietly (exit 0) when the reader of its output goes away (| head)', async () => {
    const emulator = startCli(cli.file, ['emulator', '--port', '0'])
    try {
      await emulator.waitFor(/listening on/)
      emulator.child.stdout.destroy()
      emulator.type('help') // its answer meets a closed pipe: EPIPE
      expect(await emulator.exited).toBe(0)
    } finally {
      emulator.child.kill()
    }
  })

  it('refuses a bad option with exit code 2, and a port in use with 1', async () => {
    const bad = await runCli(cli.file, ['emulator', '--port', 'nine'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--port must be a whole number')

    const first = startCli(cli.file, ['emulator', '--port', '0'])
    try {
      const [, port = ''] = await first.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
      const second = await runCli(cli.file, ['emulator', '--port', port])
      expect(second.code).toBe(1)
      expect(second.stderr).toContain(`port ${port} is in use`)
    } finally {
      first.child.kill()
    }
  })
})
