import type { RetryPolicy } from './retry-policy';

/**
 * How long to wait before the retry that follows attempt `attemptNumber` (1-based), without
 * Retry-After: exponential growth from `initialDelayMs`, capped by `maxDelayMs`, and with full
 * jitter a uniform draw between 0 and that ceiling.
 * @param random Returns a number in [0, 1); injectable so tests can pin the draw.
 */
export function backoffDelayMs(
	policy: RetryPolicy,
	attemptNumber: number,
	random: () => number = Math.random,
): number {
	const exponent = Math.max(0, attemptNumber - 1);
	// Guarded because 0 * Infinity is NaN once the exponent grows large enough to overflow.
	const grown =
		policy.initialDelayMs === 0 ? 0 : policy.initialDelayMs * policy.multiplier ** exponent;
	const ceiling = Math.min(policy.maxDelayMs, grown);
	if (policy.jitter === 'none') return ceiling;
	return Math.floor(random() * (Math.floor(ceiling) + 1));
}

/** The inputs of {@link retryDelayMs}. */
export interface RetryDelayInput {
	policy: RetryPolicy;
	/** The attempt that just failed, 1-based. */
	attemptNumber: number;
	/** What the answer's Retry-After asked for, already parsed by {@link parseRetryAfter}. */
	retryAfterMs?: number;
	/** Time left before the overall deadline. */
	remainingMs: number;
	random?: () => number;
}

/**
 * The wait before the next attempt. A Retry-After from the server replaces the computed backoff,
 * because the server knows when it will have capacity again; either way the wait never exceeds
 * `maxDelayMs` nor the time left before the deadline.
 */
export function retryDelayMs(input: RetryDelayInput): number {
	const wanted =
		input.retryAfterMs ?? backoffDelayMs(input.policy, input.attemptNumber, input.random);
	return Math.max(0, Math.min(wanted, input.policy.maxDelayMs, input.remainingMs));
}

const DELTA_SECONDS = /^\d+$/;

// All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) name a weekday and carry hh:mm:ss.
// Requiring both keeps Date.parse, which is lenient, from reading odd strings as dates.
const HTTP_DATE_SHAPE = /^[A-Za-z]{3}.*\d{2}:\d{2}:\d{2}/;

/**
 * Reads a Retry-After header (RFC 9110 section 10.2.3): whole seconds or an HTTP-date.
 * @param nowMs The current time in epoch milliseconds, against which a date is measured.
 * @returns The wait in milliseconds, or `undefined` when the header is absent, unreadable or
 *   points into the past (negative seconds, a date gone by). A stale date usually means the
 *   clocks disagree, so the caller's own backoff is a safer guide than retrying at once.
 */
export function parseRetryAfter(
	headerValue: string | undefined,
	nowMs: number = Date.now(),
): number | undefined {
	const value = headerValue?.trim();
	if (!value) return undefined;

	if (DELTA_SECONDS.test(value)) return Number(value) * 1000;
	if (!HTTP_DATE_SHAPE.test(value)) return undefined;

	// HTTP dates are always GMT, but the asctime form omits the zone and Date.parse would read it
	// as local time.
	const inGmt = /GMT$/.test(value) ? value : `${value} GMT`;
	const waitMs = Date.parse(inGmt) - nowMs;
	return Number.isNaN(waitMs) || waitMs < 0 ? undefined : waitMs;
}
