import { backoffDelayMs, retryDelayMs } from '../../../lib/call/backoff';
import { resolveRetryPolicy } from '../../../lib/call/retry-policy';

// A small seeded generator, so the many-draws checks are repeatable.
function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

const ALMOST_ONE = 1 - Number.EPSILON;

describe('backoffDelayMs', () => {
	it('doubles from the initial delay and stops at the cap without jitter', () => {
		const policy = resolveRetryPolicy({ jitter: 'none' });
		const schedule = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelayMs(policy, attempt));
		expect(schedule).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
	});

	it('draws full jitter from 0 up to and including the ceiling', () => {
		const policy = resolveRetryPolicy();
		expect(backoffDelayMs(policy, 1, () => 0)).toBe(0);
		expect(backoffDelayMs(policy, 1, () => ALMOST_ONE)).toBe(500);
		expect(backoffDelayMs(policy, 3, () => ALMOST_ONE)).toBe(2000);
		expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(1000);
	});

	it('keeps every jittered draw within [0, ceiling] and spreads them across it', () => {
		const policy = resolveRetryPolicy();
		const random = seededRandom(7);
		for (const [attempt, ceiling] of [
			[1, 500],
			[4, 4000],
			[12, 30_000],
		]) {
			const draws = Array.from({ length: 2000 }, () => backoffDelayMs(policy, attempt, random));
			expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
			expect(Math.max(...draws)).toBeLessThanOrEqual(ceiling);
			// With 2000 uniform draws both ends of the range are reached closely.
			expect(Math.min(...draws)).toBeLessThan(ceiling * 0.05);
			expect(Math.max(...draws)).toBeGreaterThan(ceiling * 0.95);
		}
	});

	it('respects the cap however many attempts have failed', () => {
		const policy = resolveRetryPolicy({ jitter: 'none', maxDelayMs: 2500 });
		expect(backoffDelayMs(policy, 50)).toBe(2500);
		expect(backoffDelayMs(policy, 5000)).toBe(2500);
	});

	it('stays at 0 with a zero initial delay, even when the growth overflows', () => {
		const policy = resolveRetryPolicy({ jitter: 'none', initialDelayMs: 0 });
		expect(backoffDelayMs(policy, 5000)).toBe(0);
	});
});

describe('retryDelayMs', () => {
	const policy = resolveRetryPolicy({ jitter: 'none', maxDelayMs: 10_000 });

	it('uses the computed backoff when no Retry-After was sent', () => {
		expect(retryDelayMs({ policy, attemptNumber: 2, remainingMs: 60_000 })).toBe(1000);
	});

	it('replaces the backoff with Retry-After, shorter or longer', () => {
		expect(retryDelayMs({ policy, attemptNumber: 4, retryAfterMs: 0, remainingMs: 60_000 })).toBe(
			0,
		);
		expect(
			retryDelayMs({ policy, attemptNumber: 1, retryAfterMs: 3000, remainingMs: 60_000 }),
		).toBe(3000);
	});

	it('caps Retry-After at maxDelayMs', () => {
		expect(
			retryDelayMs({ policy, attemptNumber: 1, retryAfterMs: 120_000, remainingMs: 600_000 }),
		).toBe(10_000);
	});

	it('caps any wait at the time left before the deadline', () => {
		expect(retryDelayMs({ policy, attemptNumber: 1, retryAfterMs: 5000, remainingMs: 1200 })).toBe(
			1200,
		);
		expect(retryDelayMs({ policy, attemptNumber: 5, remainingMs: 700 })).toBe(700);
	});
});
