import { InvalidCallOptionError } from '../../../lib/call/errors';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	resolveRetryPolicy,
	type RetryPolicy,
} from '../../../lib/call/retry-policy';

function rejectionOf(overrides: Partial<RetryPolicy>): InvalidCallOptionError {
	try {
		resolveRetryPolicy(overrides);
	} catch (error) {
		if (error instanceof InvalidCallOptionError) return error;
		throw error;
	}
	throw new Error('expected the policy to be refused');
}

describe('resolveRetryPolicy', () => {
	it('fills every option the caller leaves out from the defaults', () => {
		expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
		expect(resolveRetryPolicy({ maxAttempts: 2 })).toEqual({
			...DEFAULT_RETRY_POLICY,
			maxAttempts: 2,
		});
	});

	it('keeps the default when an option is explicitly undefined', () => {
		expect(resolveRetryPolicy({ maxDelayMs: undefined }).maxDelayMs).toBe(30_000);
	});

	it('defaults to 5 attempts from 500 ms doubling up to 30 s with full jitter', () => {
		expect(DEFAULT_RETRY_POLICY).toMatchObject({
			maxAttempts: 5,
			initialDelayMs: 500,
			multiplier: 2,
			maxDelayMs: 30_000,
			jitter: 'full',
			retryOnNetworkErrors: true,
			retryOnTimeout: true,
		});
	});

	it.each<[Partial<RetryPolicy>, string, RegExp]>([
		[{ maxAttempts: 0 }, 'maxAttempts', /maxAttempts must be a whole number of at least 1, got 0/],
		[{ maxAttempts: 2.5 }, 'maxAttempts', /got 2.5/],
		[{ initialDelayMs: -1 }, 'initialDelayMs', /initialDelayMs must be a number of at least 0/],
		[{ multiplier: 0.5 }, 'multiplier', /multiplier must be a number of at least 1, got 0.5/],
		[{ maxDelayMs: Number.NaN }, 'maxDelayMs', /maxDelayMs must be a number/],
		[
			{ jitter: 'some' as RetryPolicy['jitter'] },
			'jitter',
			/jitter must be 'full' or 'none', got "some"/,
		],
		[{ retryOnStatuses: [503, 700] }, 'retryOnStatuses', /HTTP statuses between 100 and 599/],
		[{ neverRetryStatuses: [40.4] }, 'neverRetryStatuses', /neverRetryStatuses must be a list/],
		[
			{ retryOnTimeout: 'yes' as unknown as boolean },
			'retryOnTimeout',
			/retryOnTimeout must be true or false, got "yes"/,
		],
	])('refuses %j and names %s', (overrides, option, message) => {
		const error = rejectionOf(overrides);
		expect(error.option).toBe(option);
		expect(error.message).toMatch(message);
	});
});

describe('isRetryableStatus', () => {
	const policy = resolveRetryPolicy();

	it('retries 429 and every 5xx by default', () => {
		expect(isRetryableStatus(policy, 429)).toBe(true);
		expect(isRetryableStatus(policy, 500)).toBe(true);
		expect(isRetryableStatus(policy, 503)).toBe(true);
		expect(isRetryableStatus(policy, 599)).toBe(true);
	});

	it('does not retry client errors or successes by default', () => {
		for (const status of [200, 301, 400, 401, 404, 409, 422]) {
			expect(isRetryableStatus(policy, status)).toBe(false);
		}
	});

	it('lets neverRetryStatuses win over retryOnStatuses', () => {
		const strict = resolveRetryPolicy({ neverRetryStatuses: [501] });
		expect(isRetryableStatus(strict, 501)).toBe(false);
		expect(isRetryableStatus(strict, 502)).toBe(true);
	});
});
