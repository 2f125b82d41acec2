// react-cello/server: everything that needs Cello's secret keys. Never imports React, never runs
// in a browser. Secrets enter through createCelloClient's options and never leave this side.
// The edge-safe part (code validation, cookies, capture, errors) is react-cello/edge, re-exported
// here so that a Server Component imports everything from one place.
export * from './edge'
export { CelloApiError, CelloValidationError, isCelloApiError } from './server/CelloApiError'
export type { CelloApiErrorCode, CelloValidationIssue } from './server/CelloApiError'
export type { CelloServerErrorCode } from './shared/CelloError'
export { createCelloClient } from './server/createCelloClient'
export { CELLO_API_URLS } from './server/CelloClient'
export type { CelloClient, CelloClientOptions } from './server/CelloClient'
export type { CelloEventSource, CelloSources, ResolvedCelloSources } from './server/duplicateSourceError'
export type { MaxPrice } from './server/moneyRules'
export type { CelloLogEvent, EventRetryPolicy, RetryOptions } from './server/celloTransport'
export type { CelloTokenStore, CelloTokenStoreSetOptions } from './server/CelloTokenStore'
export { memoryTokenStore } from './server/memoryTokenStore'
export { redisTokenStore } from './server/redisTokenStore'
export type {
  IoRedisTokenStoreClient,
  NodeRedisTokenStoreClient,
  RedisTokenStoreOptions,
} from './server/redisTokenStore'
export type * from './server/types'
export { signWidgetToken } from './server/signWidgetToken'
export type { WidgetTokenInput } from './server/signWidgetToken'
export { stripeCustomerMetadata, chargebeeCustomerMetadata } from './server/paymentMetadata'
export type { CelloCustomerMetadata, CustomerMetadataInput } from './server/paymentMetadata'
export { attachReferralToStripeCustomer } from './server/attachReferralToStripeCustomer'
export type {
  AttachReferralInput,
  AttachReferralResult,
  StripeCustomerClient,
} from './server/attachReferralToStripeCustomer'
export { createCelloHandler } from './server/createCelloHandler'
export type { CelloHandler, CelloHandlerErrorContext, CelloHandlerOptions, CelloUser } from './server/CelloHandler'
export type { HandlerErrorCode, HandlerInputIssue } from './server/handlerResponses'
export { toNodeHandler } from './server/toNodeHandler'
export { createCelloOutbox } from './server/createCelloOutbox'
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
} from './server/createCelloOutbox'
export { celloEventKey } from './server/celloEventKey'
export { memoryOutbox } from './server/memoryOutbox'
export type { MemoryOutboxOptions } from './server/memoryOutbox'
export { postgresOutbox, celloOutboxSchemaSql } from './server/postgresOutbox'
export type { PostgresOutbox, PostgresOutboxOptions } from './server/postgresOutbox'
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
} from './server/CelloOutboxStore'
export type { ClassifiedDelivery, DeliveryOutcome } from './server/classifyDelivery'
