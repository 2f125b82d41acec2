// The calls to Cello's Referral Component and to the BFF that the referral session makes: each
// with a timeout, each failure a CelloError. The explanations are for development builds;
// production keeps the code and its docs link (see createCelloError).
import { CelloError } from '../../shared/CelloError'
import { createCelloError } from '../../shared/createCelloError'
import type { CelloBff } from '../createFetchBff'
import type { CelloBootOptions } from './celloReferralTypes'

/** `error` as a `CelloError`: itself, or `command_failed` naming what failed. */
export const asCelloError = (error: unknown, what: string): CelloError =>
  error instanceof CelloError
    ? error
    : createCelloError(
        'command_failed',
        process.env.NODE_ENV !== 'production'
          ? `${what} failed: ${error instanceof Error ? error.message : String(error)}`
          : '',
        { cause: error },
      )

/** Rejects `command_failed`: no Referral Component is there to take `command`, so it was not sent. */
export const notReady = (command: string): Promise<never> =>
  Promise.reject(
    createCelloError(
      'command_failed',
      process.env.NODE_ENV !== 'production' ? `Cello's Referral Component is not ready: ${command} was not sent` : '',
    ),
  )

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          createCelloError(
            'command_failed',
            process.env.NODE_ENV !== 'production' ? `${what} did not answer in ${ms} ms` : '',
          ),
        ),
      ms,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** `window.Cello(command, ...args)`, answered within `timeoutMs`; failures become `command_failed`. */
export function callCello(timeoutMs: number, command: string, ...args: unknown[]): Promise<unknown> {
  const cello = window.Cello
  if (typeof cello !== 'function') return notReady(command)
  return withTimeout(
    Promise.resolve().then(() => cello(command, ...args)),
    timeoutMs,
    command,
  ).catch((error: unknown) => {
    throw asCelloError(error, command)
  })
}

/** Boots through Cello's documented queue: `window.cello.cmd.push(async (cello) => { await cello.boot(options) })`. */
export function bootCello(timeoutMs: number, options: CelloBootOptions): Promise<void> {
  // loadCelloReferral installed the queue; installed again here if a page script removed it.
  const booting = new Promise<void>((resolve, reject) => {
    window.cello = window.cello || { cmd: [] }
    window.cello.cmd.push(async (cello) => {
      try {
        await cello.boot(options)
        resolve()
      } catch (error) {
        reject(asCelloError(error, 'boot'))
      }
    })
  })
  return withTimeout(booting, timeoutMs, 'boot')
}

/** A fresh token from the BFF, checked to be for this user (a stale session must not boot someone else). */
export async function widgetToken(bff: CelloBff, productUserId: string): Promise<string> {
  if (!bff.getWidgetToken)
    throw createCelloError(
      'invalid_argument',
      process.env.NODE_ENV !== 'production'
        ? 'The bff has no getWidgetToken: enable the widget option of the BFF handler (react-cello/server), or implement it'
        : '',
    )
  const { token } = await bff.getWidgetToken()
  let claims: unknown
  try {
    claims = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')))
  } catch {
    // Checked below: a token without readable claims is not this user's.
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    !('productUserId' in claims) ||
    claims.productUserId !== productUserId
  )
    throw createCelloError(
      'bad_response',
      process.env.NODE_ENV !== 'production'
        ? 'The BFF signed a widget token for another user than the one signed in here'
        : '',
    )
  return token
}
