// The public shape of react-cello's backend-for-frontend: what `createCelloHandler` takes and returns.
import type { CelloClient } from '../client/CelloClient'
import type { CelloOutbox } from '../outbox/createCelloOutbox'

/** The signed-in user, as your `getUser` returns it. */
export interface CelloUser {
  /** Your user id: the only source of the id the handler sends to Cello. */
  productUserId: string
  /** Needed for `POST /signups`: Cello asks for the new user's email with `new-signup`. */
  email?: string
  name?: string
  /** Used when `attribution: 'organization'`. */
  organizationId?: string
  /**
   * When the account was created (a `Date`, ISO string or ms). Needed for `POST /signups`: only a
   * new account may report its signup (see `newUserWindowMs`), so an old account cannot report
   * itself as referred by a friend's code.
   */
  createdAt?: Date | string | number
  /**
   * When the organization `organizationId` names was created (a `Date`, ISO string or ms). Needed
   * for `POST /signups` with `attribution: 'organization'`: the signup then names the organization,
   * so the new-user window applies to the organization's age, not the person's. Otherwise a
   * teammate invited today into an organization that has paid for years could attach it to any
   * referral code.
   */
  organizationCreatedAt?: Date | string | number
}

/** What `onError` is told besides the error: which event and user it concerns. Never a secret. */
export interface CelloHandlerErrorContext {
  /** The outbox key of the event concerned, e.g. `new-signup:user_123`. */
  eventKey?: string
  /** The signed-in user's id. */
  productUserId?: string
}

/** Options of `createCelloHandler`. */
export interface CelloHandlerOptions {
  client: CelloClient
  /** The signed-in user of this request (from your session), or `null`. */
  getUser: (request: Request) => CelloUser | null | Promise<CelloUser | null>
  /** Where the routes are mounted. @defaultValue '/api/cello' */
  basePath?: string
  /** Other origins allowed to POST and read with credentials (CORS), e.g. `['https://app.example.com']`. */
  allowedOrigins?: string[]
  /** Enables `GET {basePath}/widget-token` for Cello's referral component. */
  widget?: { productId: string; productSecret: string }
  /** `'organization'` attributes a signup to `user.organizationId` when there is one (https://docs.cello.so/attribution/tracking-signups). @defaultValue 'user' */
  attribution?: 'user' | 'organization'
  /**
   * Where `POST /signups` records the `new-signup` event before sending it. Give it your durable
   * outbox (`createCelloOutbox` with `postgresOutbox`) and run its sweeper; by default, an outbox in
   * this process's memory (not durable) that this handler drains itself.
   */
  outbox?: CelloOutbox
  /**
   * How long after its creation what the signup names may still report it: the user's `createdAt`,
   * or under `attribution: 'organization'` the organization's `organizationCreatedAt`. `Infinity`
   * turns the check off. @defaultValue 24 hours
   */
  newUserWindowMs?: number
  /**
   * How long `POST /signups` waits for Cello: for the referral code's check, then for the delivery
   * before answering `reported: 'queued'` (delivery goes on). @defaultValue 3000
   */
  deliverWaitMs?: number
  /**
   * How long `getUser` may take (your session store, your database). When it has not answered by
   * then, the request is answered 503 `unavailable` and `onError` gets a `get_user_timeout`
   * CelloError. `Infinity` waits for ever. @defaultValue 5000
   */
  getUserTimeoutMs?: number
  /**
   * Called with every failure the handler turned into a 5xx, and with every signup that could not be
   * delivered at once (it stays queued), for your logs. react-cello's own errors never carry a
   * secret; an error your `getUser` or store throws is passed on as it is. The default prints
   * `[react-cello] <name>: <message>` with `console.error`, the message as the error has it: pass
   * your own to redact or structure it.
   * @defaultValue a one-line console.error
   */
  onError?: (error: unknown, request: Request, context: CelloHandlerErrorContext) => void
  /**
   * **Development only.** `true` turns on `GET {basePath}/debug/trace`, which answers the signed-in
   * user's trace from the outbox (`outbox.explain(productUserId)`: their signup decisions and their
   * events' attempts, ids and codes only) for react-cello's devtools panel. Off by default, and
   * refused (404) whenever `process.env.NODE_ENV` is `'production'`, even with `true`.
   * @defaultValue false
   */
  debug?: boolean
}

/** A Web-standard request handler: Next.js route handlers, Hono, Remix, Bun, Deno, workers. */
export type CelloHandler = (request: Request) => Promise<Response>
