/**
 * Spaces branch starts with a token bucket: `burst` starts may happen back to back, after which
 * one more is allowed every 1000 / `ratePerSecond` ms. The caller passes the time in, so the
 * limiter holds no timers and a test can drive it with any clock.
 */
export class StartRateLimiter {
	private tokens: number;
	private refilledAt: number;

	constructor(
		private readonly ratePerSecond: number,
		private readonly burst: number,
		now: number,
	) {
		this.tokens = burst;
		this.refilledAt = now;
	}

	/** Milliseconds until the next start is allowed; 0 when it is allowed now. */
	delayUntilNextStartMs(now: number): number {
		this.refill(now);
		if (this.tokens >= 1) return 0;
		// Rounded up so that a timer set for this delay always finds a whole token.
		return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
	}

	/** Spends one start; call it only when {@link delayUntilNextStartMs} returned 0. */
	recordStart(now: number): void {
		this.refill(now);
		this.tokens -= 1;
	}

	private refill(now: number): void {
		const elapsedMs = Math.max(0, now - this.refilledAt);
		this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
		this.refilledAt = now;
	}
}
