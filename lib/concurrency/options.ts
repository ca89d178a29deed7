import type { FanOutClock } from './clock';
import type { FanOutProgress } from './progress';

/**
 * When a fan-out is done. `firstSuccess` and `quorum` cancel the branches still running once
 * enough have succeeded, and fail as soon as too few can still succeed.
 */
export type FanOutCompletion =
	{ mode: 'all' } | { mode: 'firstSuccess' } | { mode: 'quorum'; successes: number };

/**
 * What failed branches do to the run. `failFast` stops at the first failure: the running branches
 * are cancelled and the rest are skipped. `tolerate` lets up to `maxFailures` failures, or up to
 * `maxFailurePercent` of all branches, pass (both given: exceeding either fails) and then acts like
 * `failFast`. `never` only reports failures. A timeout counts as a failure; a cancellation does not.
 */
export type FailurePolicy =
	| { mode: 'failFast' }
	| { mode: 'tolerate'; maxFailures?: number; maxFailurePercent?: number }
	| { mode: 'never' };

/** How {@link runFanOut} and {@link startFanOut} run the branches. */
export interface FanOutOptions {
	/** Most branches in flight at once; a new one starts as soon as one finishes. */
	concurrency: number;

	/** @default { mode: 'all' } */
	completion?: FanOutCompletion;

	/**
	 * @default { mode: 'failFast' } with `all`; { mode: 'never' } with `firstSuccess` and `quorum`,
	 * whose failures are expected and judged by whether enough branches can still succeed.
	 */
	failurePolicy?: FailurePolicy;

	/** Most branch starts per second, on top of the window. Unlimited when omitted. */
	ratePerSecond?: number;

	/** How many starts may happen back to back before `ratePerSecond` spaces them. @default 1 */
	rateBurst?: number;

	/** Aborts a branch that runs longer and records it as failed with a `BranchTimeoutError`. */
	branchTimeoutMs?: number;

	/**
	 * Milliseconds from the start after which the run gives up: running branches are cancelled and
	 * the ones not started are skipped.
	 */
	deadlineMs?: number;

	/** The execution being stopped: cancels the running branches and skips the rest at once. */
	signal?: AbortSignal;

	/**
	 * Called every `progressIntervalMs` while the run lasts and once at its end, for logging long
	 * runs. It should not throw; if it does, it is not called again and the error is in the report.
	 */
	onProgress?: (progress: FanOutProgress) => void;

	/** @default 5000 */
	progressIntervalMs?: number;

	/** @default systemClock */
	clock?: FanOutClock;
}

/** The options after validation, with every default applied. */
export interface ResolvedFanOutOptions extends Required<
	Pick<FanOutOptions, 'concurrency' | 'completion' | 'failurePolicy' | 'progressIntervalMs'>
> {
	/** Successes that end the run early; undefined for `all`. */
	requiredSuccesses?: number;
	rateLimit?: { ratePerSecond: number; burst: number };
	branchTimeoutMs?: number;
	deadlineMs?: number;
	signal?: AbortSignal;
	onProgress?: (progress: FanOutProgress) => void;
	clock: FanOutClock;
}
