// react-cello/server: everything that needs Cello's secret keys. Never imports React, never runs
// in a browser. Secrets enter through createCelloClient's options and never leave this side.
// The edge-safe part (code validation, cookies, capture, errors) is react-cello/edge, re-exported
// here so that a Server Component imports everything from one place.
export * from './edge'
export { CelloApiError, CelloValidationError, isCelloApiError } from './server/client/CelloApiError'
export type { CelloApiErrorCode, CelloValidationIssue } from './server/client/CelloApiError'
export type { CelloServerErrorCode } from './shared/CelloError'
export { createCelloClient } from './server/client/createCelloClient'
export { CELLO_API_URLS } from './server/client/CelloClient'
export type { CelloClient, CelloClientOptions, CelloEventReceipt } from './server/client/CelloClient'
export type { CelloEventSource, CelloSources, ResolvedCelloSources } from './server/client/duplicateSourceError'
export type { MaxPrice } from './server/payments/moneyRules'
export type { CelloLogEvent, EventRetryPolicy, RetryOptions } from './server/client/celloTransport'
export type { CelloTokenStore, CelloTokenStoreSetOptions } from './server/tokens/CelloTokenStore'
export { memoryTokenStore } from './server/tokens/memoryTokenStore'
export { redisTokenStore } from './server/tokens/redisTokenStore'
export type {
  IoRedisTokenStoreClient,
  NodeRedisTokenStoreClient,
  RedisTokenStoreOptions,
} from './server/tokens/redisTokenStore'
export type * from './server/client/types'
export { signWidgetToken } from './server/tokens/signWidgetToken'
export type { WidgetTokenInput } from './server/tokens/signWidgetToken'
export { stripeCustomerMetadata, chargebeeCustomerMetadata } from './server/payments/paymentMetadata'
export type { CelloCustomerMetadata, CustomerMetadataInput } from './server/payments/paymentMetadata'
export { attachReferralToStripeCustomer } from './server/payments/attachReferralToStripeCustomer'
export type {
  AttachReferralInput,
  AttachReferralResult,
  StripeCustomerClient,
} from './server/payments/attachReferralToStripeCustomer'
export { attachCheckoutReferral } from './server/payments/attachCheckoutReferral'
export type {
  CheckoutReferralOptions,
  CheckoutReferralResult,
  CheckoutSessionLike,
} from './server/payments/attachCheckoutReferral'
export { celloCheckoutDiscount } from './server/payments/celloCheckoutDiscount'
export type {
  CelloCouponMapping,
  CelloNewUserDiscount,
  CheckoutDiscountInput,
  CheckoutDiscountRefusal,
  CheckoutDiscountResult,
} from './server/payments/celloCheckoutDiscount'
export { createCelloHandler } from './server/handler/createCelloHandler'
export type {
  CelloHandler,
  CelloHandlerErrorContext,
  CelloHandlerOptions,
  CelloUser,
} from './server/handler/CelloHandler'
export type { HandlerErrorCode, HandlerInputIssue } from './shared/bffContract'
export type {
  OutboxAttempt,
  OutboxExplanation,
  SignupDecision,
  SignupDecisionReason,
  TracedEvent,
  TracedEventTrigger,
} from './shared/bffContract'
export { toNodeHandler } from './server/handler/toNodeHandler'
export { createCelloOutbox } from './server/outbox/createCelloOutbox'
export type {
  CelloOutbox,
  CelloOutboxOptions,
  DrainOptions,
  DrainSummary,
  EnqueueOptions,
  EnqueueResult,
  OutboxInputs,
  OutboxWorker,
  StartOptions,
} from './server/outbox/createCelloOutbox'
export { celloEventKey } from './server/outbox/celloEventKey'
export { memoryOutbox } from './server/outbox/memoryOutbox'
export type { MemoryOutboxOptions } from './server/outbox/memoryOutbox'
export { postgresOutbox, celloOutboxSchemaSql } from './server/outbox/postgresOutbox'
export type { PostgresOutbox, PostgresOutboxOptions } from './server/outbox/postgresOutbox'
export type {
  CelloOutboxStore,
  ClaimedEvent,
  OutboxEntry,
  OutboxErasure,
  OutboxEvent,
  OutboxListFilter,
  OutboxPruneOptions,
  OutboxSettlement,
  OutboxState,
  QueryExecutor,
  QueryResultLike,
  StoreEnqueueOptions,
} from './server/outbox/CelloOutboxStore'
export type { ClassifiedDelivery, DeliveryOutcome } from './server/outbox/classifyDelivery'
export { createCelloWebhookHandler } from './server/rewards/createCelloWebhookHandler'
export type {
  CelloWebhookHandlerOptions,
  CelloWebhookReceipt,
  RewardContext,
} from './server/rewards/createCelloWebhookHandler'
export type {
  CelloReward,
  CelloRewardLedger,
  CelloWebhookEvent,
  RecordedWebhookEvent,
  RewardTransaction,
} from './server/rewards/CelloRewardLedger'
export { memoryRewardLedger } from './server/rewards/memoryRewardLedger'
export { postgresRewardLedger, celloRewardsSchemaSql } from './server/rewards/postgresRewardLedger'
export type { PostgresRewardLedger, PostgresRewardLedgerOptions } from './server/rewards/postgresRewardLedger'
export { poolTransaction } from './server/rewards/poolTransaction'
export type { ConnectingPool, TransactionalDatabase, TransactionClient } from './server/rewards/poolTransaction'
