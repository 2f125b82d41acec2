// The app's own names that the docs' snippets use without defining them, for scripts/check-docs.mjs.
// Everything from react-cello, stripe, next, express and hono is typed by the real packages; only
// what a real app would write itself (its database, its session, its users) is declared here.
//
/* eslint-disable @typescript-eslint/consistent-type-imports -- a script (global declarations, ambient
   modules), where import() types are the only way to name a package's types */
//
// A block's own declarations shadow these (every block is a module), so a block that defines
// `cello` itself checks its own.

/** A row of the app's users table. */
interface AppUser {
  id: string
  email: string
  name: string
  createdAt: Date
  stripeCustomerId: string
}

// The app's data and session layer.
declare const db: {
  createUser(input: { email: string; ucc: string | null }): Promise<AppUser>
}
declare function getSession(request: Request): Promise<{ user: AppUser } | null>
declare const session: { userId: string } | null
declare const user: AppUser
declare const newUser: { id: string; email: string; name: string }
declare const org: { id: string }
declare const invoice: { id: string }
declare const tx: import('pg').PoolClient
declare const ucc: string
declare const email: string
declare const organizationId: string | undefined
// The app's sign-in (docs/hops.md): its OAuth library and its magic links.
declare function exchangeOAuthCode(code: string | null): Promise<{ email: string }>
declare const magicLinks: {
  create(email: string): Promise<string>
  consume(token: string | null): Promise<string | null>
}
declare function sendMagicLinkEmail(to: string, link: string): Promise<void>

// The app's configuration and instances, typed with the real libraries.
declare const accessKeyId: string
declare const secretAccessKey: string
declare const productId: string
declare const cello: import('react-cello/server').CelloClient
declare const outbox: import('react-cello/server').CelloOutbox
declare const getUser: import('react-cello/server').CelloHandlerOptions['getUser']
declare const stripe: import('stripe').Stripe
/** The app's configured Chargebee client (chargebee-typescript style); not a dev dependency here. */
declare const chargebee: {
  customer: { create(input: { email: string; meta_data: Record<string, string> }): Promise<unknown> }
  subscription: {
    createWithItems(
      customerId: string,
      input: { subscription_items: { item_price_id: string }[]; coupon_ids?: string[] },
    ): Promise<unknown>
  }
}
/** Whether the app's user already pays for a subscription (its own billing records). */
declare function hasActiveSubscription(user: AppUser): Promise<boolean>

// The app's browser side.
declare const form: HTMLFormElement
declare const nonce: string | undefined
/** The app's consent-management platform. */
declare const cmp: { hasConsent(purpose: string): boolean }
declare function showMessage(text: string): void
declare const logger: { warn(fields: Record<string, unknown>): void }
declare function yourSignupHandler(...args: unknown[]): Promise<unknown>

// The app's own modules, as the Next.js examples import them.
declare module '@/lib/cello' {
  export const cello: import('react-cello/server').CelloClient
  export const outbox: import('react-cello/server').CelloOutbox
}
declare module '@/lib/db' {
  export const pool: import('pg').Pool
}
