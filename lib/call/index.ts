// The call machinery's public surface: what Trigger Workflow and Fan Out import. Everything not
// re-exported here (transport, attempt, budget) is an internal step of callWithRetry.
export { callWithRetry, DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_DEADLINE_MS } from './call-with-retry';
export {
	CallFailedError,
	InvalidCallOptionError,
	MAX_BODY_EXCERPT_LENGTH,
	type AttemptRecord,
	type CallFailureReason,
} from './errors';
export type {
	AttemptInfo,
	CallMethod,
	CallOptions,
	CallRequest,
	CallResult,
	JsonValue,
} from './types';
export {
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	resolveRetryPolicy,
	type RetryPolicy,
} from './retry-policy';
export { backoffDelayMs, parseRetryAfter, retryDelayMs } from './backoff';
export { abortableSleep } from './abortable-sleep';
export { CallBudget, type BudgetStop } from './call-budget';
export { RETRYABLE_NETWORK_ERROR_CODES } from './network-errors';
export {
	DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
	signRequest,
	verifySignature,
	type RequestSignature,
	type SignatureRejection,
	type SignatureVerification,
	type VerifySignatureInput,
} from './signing';
export {
	deriveIdempotencyKey,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	validateIdempotencyKey,
	type IdempotencyKeySource,
} from './idempotency';
