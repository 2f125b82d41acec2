import type { CelloError } from '../../shared/CelloError'
import { createCelloError } from '../../shared/createCelloError'
import type { CelloBff } from '../createFetchBff'
import {
  CELLO_LAUNCHER_SELECTOR,
  type CelloActiveUcc,
  type CelloReferralUser,
  type CelloUserInteractionHandler,
} from './celloReferralTypes'
import { asCelloError, bootCello, callCello, notReady, widgetToken } from './celloReferralCalls'
import { celloReferralScriptUrl, loadCelloReferral, type LoadCelloReferralOptions } from './loadCelloReferral'
import { celloTimeout } from '../loadCelloScript'
import { onPageReset } from '../pageState'

/** Where the Referral Component stands in this page. */
export type CelloReferralStatus = 'idle' | 'loading' | 'ready' | 'blocked' | 'error'

/** The page's Referral Component state: `error` is set with `blocked` and `error`. */
export interface ReferralSnapshot {
  status: CelloReferralStatus
  error: CelloError | null
}

/** What one mounted `useCelloReferral` asks for. `user: undefined` means "not known yet": change nothing. */
export interface ReferralSessionConfig {
  productId: string
  user: CelloReferralUser | null | undefined
  language?: string
  country?: string
  hideDefaultLauncher?: boolean
  load: LoadCelloReferralOptions
  bff: CelloBff
  /** Read at boot, so a change of details alone never reboots. */
  details: () => CelloReferralUser['productUserDetails']
  onUserInteraction: CelloUserInteractionHandler
}

interface Holder {
  config: ReferralSessionConfig
}

interface Session {
  id: number
  key: string
  language: string | undefined
  config: ReferralSessionConfig
}

const IDLE: ReferralSnapshot = { status: 'idle', error: null }
let snapshot = IDLE
const listeners = new Set<() => void>()
const holders: Holder[] = []
let booted: Session | null = null
let failedKey: string | null = null
let running = false
let again = false
let sessions = 0
// Bumped by a reset: a loop or step from before it stops at its next await.
let epoch = 0
// The session whose token is being refreshed: "expiring" and "expired" together (a laptop that
// wakes up past expiry) fetch one token, not two.
let refreshing: number | null = null
// A reset forgets the page's session without calling Cello, as a new page load would, and tells
// the mounted hooks (their subscriptions stay: a reset is not an unmount). `sessions` only counts.
onPageReset(() => {
  epoch++
  running = false
  again = false
  holders.length = 0
  booted = null
  failedKey = null
  refreshing = null
  snapshot = IDLE
  listeners.forEach((listener) => listener())
})

const setSnapshot = (status: CelloReferralStatus, error: CelloError | null = null) => {
  if (snapshot.status === status && snapshot.error === error) return
  snapshot = { status, error }
  listeners.forEach((listener) => listener())
}

const keyOf = (config: ReferralSessionConfig, user: CelloReferralUser) =>
  JSON.stringify([
    config.productId,
    user.productUserId,
    config.country ?? null,
    config.hideDefaultLauncher === true,
    celloReferralScriptUrl(config.load),
  ])

/** `undefined`: leave things as they are (the user is not known yet). */
function wanted(): { config: ReferralSessionConfig; user: CelloReferralUser; key: string } | null | undefined {
  const config = holders.at(-1)?.config
  if (!config) return null
  if (!config.user) return config.user
  return { config, user: config.user, key: keyOf(config, config.user) }
}

async function refresh(id: number): Promise<void> {
  const session = booted
  if (session?.id !== id || !session.config.user || refreshing === id) return
  refreshing = id
  try {
    const token = await widgetToken(session.config.bff, session.config.user.productUserId)
    if (booted?.id === id) await callCello(celloTimeout(session.config.load), 'updateToken', token)
  } catch (error) {
    if (booted?.id === id) setSnapshot('error', asCelloError(error, 'updateToken'))
  } finally {
    if (refreshing === id) refreshing = null
  }
}

/** Moves the component one step towards what the mounted hooks want; the loop re-checks after each await. */
async function step(): Promise<void> {
  const started = epoch
  const want = wanted()
  if (want === undefined) return
  if (booted && want && booted.key === want.key) {
    if (want.config.language && want.config.language !== booted.language) {
      const session = booted
      session.language = want.config.language
      await callCello(celloTimeout(session.config.load), 'changeLanguage', want.config.language).catch(
        (error: unknown) => setSnapshot('error', asCelloError(error, 'changeLanguage')),
      )
    }
    return
  }
  if (booted) {
    const session = booted
    booted = null // before the call: nothing is sent for this session any more
    setSnapshot('idle')
    await callCello(celloTimeout(session.config.load), 'shutdown').catch(() => undefined) // the page's component is gone either way
  }
  if (!want) return setSnapshot('idle')
  if (failedKey === want.key) return
  const { config, user, key } = want
  setSnapshot('loading')
  try {
    const stale = () => epoch !== started || wanted()?.key !== key
    await loadCelloReferral(config.load)
    if (stale()) return
    const token = await widgetToken(config.bff, user.productUserId)
    if (stale()) return
    const id = ++sessions
    const forward: CelloUserInteractionHandler = (action, payload) =>
      holders.at(-1)?.config.onUserInteraction(action, payload)
    await bootCello(celloTimeout(config.load), {
      productId: config.productId,
      token,
      ...(config.language ? { language: config.language } : {}),
      ...(config.country ? { country: config.country } : {}),
      ...(config.details() ? { productUserDetails: config.details() } : {}),
      // Cello anchors its badge and announcements to the custom launcher(s) it finds at boot.
      ...(config.hideDefaultLauncher
        ? { hideDefaultLauncher: true, customLauncherSelector: CELLO_LAUNCHER_SELECTOR }
        : {}),
      onTokenExpiring: () => void refresh(id),
      onTokenExpired: () => void refresh(id),
      onUserInteraction: forward,
    })
    if (epoch !== started) return
    booted = { id, key, language: config.language, config }
    setSnapshot('ready')
  } catch (error) {
    if (epoch !== started) return
    failedKey = key
    const celloError = asCelloError(error, 'boot')
    setSnapshot(
      celloError.code === 'script_load_failed' || celloError.code === 'script_timeout' ? 'blocked' : 'error',
      celloError,
    )
  }
}

async function reconcile(): Promise<void> {
  if (running) {
    again = true
    return
  }
  running = true
  const started = epoch
  try {
    do {
      again = false
      await step()
    } while (again && epoch === started)
  } finally {
    if (epoch === started) running = false
  }
}

// Deferred to a microtask so that StrictMode's mount, unmount, mount (and a remount with the
// same user) settle before anything is sent: one boot per user.
const schedule = () => void Promise.resolve().then(reconcile)

/**
 * The page's one Referral Component (`window.Cello` is a page global): the mounted hooks hold
 * configurations, the newest wins, and a serial loop boots, shuts down and switches users.
 */
export const referralController = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  getSnapshot: (): ReferralSnapshot => snapshot,
  getServerSnapshot: (): ReferralSnapshot => IDLE,
  /** Holds `config` until the returned function is called; a new mount retries a failed boot. */
  acquire(config: ReferralSessionConfig): () => void {
    const holder = { config }
    holders.push(holder)
    failedKey = null
    schedule()
    return () => {
      holders.splice(holders.indexOf(holder), 1)
      schedule()
    }
  },
  /** Runs a documented command on the booted component; rejects `command_failed` when none is ready. */
  command(command: string, ...args: unknown[]): Promise<unknown> {
    if (!booted) return notReady(command)
    return callCello(celloTimeout(booted.config.load), command, ...args)
  },
  /** `changeLanguage` without a reboot; the language is remembered so a render does not undo it. */
  changeLanguage(language: string): Promise<void> {
    if (booted) booted.language = language
    return referralController.command('changeLanguage', language).then(() => undefined)
  },
  /** The user's `{ ucc, link }`, checked: rejects `bad_response` when the component answers anything else. */
  getActiveUcc: (): Promise<CelloActiveUcc> =>
    referralController.command('getActiveUcc').then((answer) => {
      if (
        typeof answer === 'object' &&
        answer !== null &&
        'ucc' in answer &&
        'link' in answer &&
        typeof answer.ucc === 'string' &&
        typeof answer.link === 'string'
      ) {
        return { ucc: answer.ucc, link: answer.link }
      }
      throw createCelloError(
        'bad_response',
        process.env.NODE_ENV !== 'production'
          ? "Cello's Referral Component answered getActiveUcc without a ucc and a link"
          : '',
      )
    }),
}
