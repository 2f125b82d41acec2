import type * as z from 'zod/mini'
import type {
  activeLinkSchema,
  eventEnvelopeSchema,
  eventTriggers,
  milestoneEnvelopeSchema,
  referralCodeValidationSchema,
  refreshTokenResponseSchema,
  rewardEligibilitySchema,
  subscriptionIntervals,
  tokenResponseSchema,
} from './schemas'

/** `POST /token` answer to the keys. */
export type TokenResponse = z.output<typeof tokenResponseSchema>
/** `POST /token` answer to a refresh token. */
export type RefreshTokenResponse = z.output<typeof refreshTokenResponseSchema>
/** A user's active referral code and invite link. */
export type ActiveLinkResponse = z.output<typeof activeLinkSchema>
/** Cello's answer about a referral code (`productUserId` is the referrer's id: keep it on the server). */
export type ReferralCodeResponse = z.output<typeof referralCodeValidationSchema>
/** Whether a new user gets the new-user discount, and which. */
export type RewardEligibility = z.output<typeof rewardEligibilitySchema>
/** The v1 event envelope `POST /events` takes. */
export type CelloEventEnvelope = z.input<typeof eventEnvelopeSchema>
/**
 * The `MilestoneReached` event of Cello's behaviour-based triggers: a referrer reached a moment you
 * name, and Cello shows them an in-app announcement.
 */
export type CelloMilestoneEnvelope = z.input<typeof milestoneEnvelopeSchema>
/** Any body `sendEvent` takes: a `ReferralUpdated` envelope or a `MilestoneReached` one. */
export type CelloAnyEventEnvelope = CelloEventEnvelope | CelloMilestoneEnvelope
/** What the outbox records under `trigger`: a v1 trigger, or `milestone-reached`. */
export type OutboxTrigger = CelloEventTrigger | 'milestone-reached'
/** A v1 event trigger. */
export type CelloEventTrigger = (typeof eventTriggers)[number]
/** A billing interval of a v1 event. */
export type SubscriptionInterval = (typeof subscriptionIntervals)[number]

/** Per-call options of every client method. */
export interface CallOptions {
  /** Abort the call: its wait for an access token, its attempts and its retries. */
  signal?: AbortSignal
  /**
   * Retries after the first attempt, for this call only (the client's `retry.retries` otherwise).
   * The outbox sends with `0`: it retries on its own schedule, from its ledger.
   */
  retries?: number
}

/** The person who signed up (`context.newUser`). `id` is your own user id. */
export interface NewUser {
  id: string
  email?: string
  name?: string
  /** The person's organization, for organization-level attribution. */
  organizationId?: string
}

/** What every event builder takes. */
export interface EventSubject {
  /** The referral code the new user came with. */
  ucc: string
  /**
   * Who the referral is attributed to (`payload.newUserId`). Defaults to `newUser.id`. For
   * organization-level attribution pass the organization id here and in `newUser.organizationId`
   * (https://docs.cello.so/attribution/tracking-signups): `newUser.id` stays the person.
   */
  newUserId?: string
  newUser: NewUser
  /** When it happened. @defaultValue now; sent as ISO-8601 UTC. */
  timestamp?: Date | string
}

/** `trackSignup`: `new-signup`; Cello asks for the new user's id and email. */
export interface TrackSignupInput extends EventSubject {
  newUser: NewUser & { email: string }
}

/** `trackDemoCallAttended`: `demo-call-attended`. */
export type TrackDemoCallAttendedInput = EventSubject

/** `trackInvoicePaid`: `invoice-paid`, for every paid invoice and one-time purchase. */
export interface TrackInvoicePaidInput extends EventSubject {
  newUser: NewUser & { email: string }
  /** Amount paid, in major units (e.g. 49.5 for €49.50). */
  price: number
  /** ISO 4217 code, e.g. `EUR`. */
  currency: string
  subscription: {
    id?: string
    invoiceId: string
    interval: SubscriptionInterval
    seatsUsed?: number
    productKey: string
  }
}

/** `trackChargeRefunded`: `charge-refunded`; `price` is the refunded amount, positive. */
export interface TrackChargeRefundedInput extends EventSubject {
  price: number
  currency: string
  subscription: {
    id?: string
    invoiceId: string
    interval?: SubscriptionInterval
    seatsUsed?: number
    productKey?: string
  }
}

/** `trackMilestone` and the outbox's `milestone-reached`: a referrer reached one of your moments. */
export interface TrackMilestoneInput {
  /** The referrer's id: the `productUserId` the Referral Component booted with. */
  productUserId: string
  /**
   * Your name for the moment, e.g. `five-presentations-viewed` (letters, digits, `.`, `-`, `_`;
   * at most 100): the announcement Cello shows is set up for it in Cello's portal.
   */
  trigger: string
}
