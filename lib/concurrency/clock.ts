/**
 * Where the fan-out machinery reads the time and sets its timers. The system clock is the default;
 * tests pass a manual one so that rate limits and timeouts can be checked without real waiting.
 */
export interface FanOutClock {
	/** Milliseconds since the Unix epoch. */
	now(): number;

	/** Calls `callback` once after `delayMs`; the returned function cancels it if it has not run. */
	setTimer(delayMs: number, callback: () => void): () => void;
}

/**
 * Real time. Timers are not unref'd: a pending rate-limit or deadline timer is part of a run that
 * someone awaits, and unref'ing it would let a short script exit in the middle of its fan-out.
 * Every timer the runner sets is cleared when the run ends, so none outlives it.
 */
export const systemClock: FanOutClock = {
	now: () => Date.now(),
	setTimer(delayMs, callback) {
		const timer = setTimeout(callback, delayMs);
		return () => clearTimeout(timer);
	},
};
