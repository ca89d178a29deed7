import { InvalidCallOptionError } from './errors';

/** When and how often a failed call is tried again. */
export interface RetryPolicy {
	/** Tries in total, the first included; 1 means never retry. @default 5 */
	maxAttempts: number;
	/** Ceiling of the wait before the first retry. @default 500 */
	initialDelayMs: number;
	/** Growth of the ceiling from one retry to the next. @default 2 */
	multiplier: number;
	/** No wait is longer than this, computed or asked for by Retry-After. @default 30000 */
	maxDelayMs: number;
	/**
	 * `full` draws each wait uniformly between 0 and the ceiling, so callers that failed together
	 * do not come back together; `none` waits the ceiling itself. @default 'full'
	 */
	jitter: 'full' | 'none';
	/** Statuses worth another try. @default 429 and every 5xx */
	retryOnStatuses: number[];
	/** Statuses never retried, even when `retryOnStatuses` lists them. @default [] */
	neverRetryStatuses: number[];
	/** Retry when the connection fails (refused, reset, broken pipe...). @default true */
	retryOnNetworkErrors: boolean;
	/** Retry when an attempt runs past its own timeout. @default true */
	retryOnTimeout: boolean;
}

const SERVER_ERROR_STATUSES = Array.from({ length: 100 }, (_, offset) => 500 + offset);

/** The policy used for every option the caller leaves out. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
	maxAttempts: 5,
	initialDelayMs: 500,
	multiplier: 2,
	maxDelayMs: 30_000,
	jitter: 'full',
	retryOnStatuses: [429, ...SERVER_ERROR_STATUSES],
	neverRetryStatuses: [],
	retryOnNetworkErrors: true,
	retryOnTimeout: true,
});

/**
 * Fills the options the caller left out from {@link DEFAULT_RETRY_POLICY} and checks the result.
 * @throws InvalidCallOptionError naming the first option whose value is unusable.
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
	const policy: RetryPolicy = {
		...DEFAULT_RETRY_POLICY,
		...withoutUndefined(overrides),
	};

	requireInteger('maxAttempts', policy.maxAttempts, 1);
	requireNumber('initialDelayMs', policy.initialDelayMs, 0);
	requireNumber('multiplier', policy.multiplier, 1);
	requireNumber('maxDelayMs', policy.maxDelayMs, 0);
	if (policy.jitter !== 'full' && policy.jitter !== 'none') {
		throw new InvalidCallOptionError(
			'jitter',
			`jitter must be 'full' or 'none', got ${JSON.stringify(policy.jitter)}`,
		);
	}
	requireStatuses('retryOnStatuses', policy.retryOnStatuses);
	requireStatuses('neverRetryStatuses', policy.neverRetryStatuses);
	requireBoolean('retryOnNetworkErrors', policy.retryOnNetworkErrors);
	requireBoolean('retryOnTimeout', policy.retryOnTimeout);

	return policy;
}

/** Whether an answer with this status deserves another try under the policy. */
export function isRetryableStatus(policy: RetryPolicy, status: number): boolean {
	return !policy.neverRetryStatuses.includes(status) && policy.retryOnStatuses.includes(status);
}

// A spread would let an explicit `undefined` (an unset UI field) erase the default.
function withoutUndefined(overrides: Partial<RetryPolicy>): Partial<RetryPolicy> {
	return Object.fromEntries(
		Object.entries(overrides).filter(([, value]) => value !== undefined),
	) as Partial<RetryPolicy>;
}

function requireNumber(option: string, value: unknown, min: number): void {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
		throw new InvalidCallOptionError(
			option,
			`${option} must be a number of at least ${min}, got ${JSON.stringify(value)}`,
		);
	}
}

function requireInteger(option: string, value: unknown, min: number): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
		throw new InvalidCallOptionError(
			option,
			`${option} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`,
		);
	}
}

function requireBoolean(option: string, value: unknown): void {
	if (typeof value !== 'boolean') {
		throw new InvalidCallOptionError(
			option,
			`${option} must be true or false, got ${JSON.stringify(value)}`,
		);
	}
}

function requireStatuses(option: string, value: unknown): void {
	const isStatusList =
		Array.isArray(value) &&
		value.every((status) => Number.isInteger(status) && status >= 100 && status <= 599);
	if (!isStatusList) {
		throw new InvalidCallOptionError(
			option,
			`${option} must be a list of HTTP statuses between 100 and 599, got ${JSON.stringify(value)}`,
		);
	}
}
