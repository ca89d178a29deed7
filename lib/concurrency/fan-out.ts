import { FanOutRun, type BranchRunner } from './fan-out-run';
import type { FanOutOptions } from './options';
import type { FanOutReport } from './report';
import { resolveFanOutOptions } from './validate-options';

/** A fan-out that has been started and is not awaited; see {@link startFanOut}. */
export interface StartedFanOut<T> {
	/** The branches started before {@link startFanOut} returned: the first window, in input order. */
	readonly started: readonly number[];

	/**
	 * Settles with the report once the run ends. It never rejects, so leaving it unawaited cannot
	 * cause an unhandled rejection; attach a handler to it to learn of failures later.
	 */
	readonly completion: Promise<FanOutReport<T>>;

	/** Stops the run as an aborted `signal` would: running branches are cancelled, the rest skipped. */
	cancel(reason?: unknown): void;
}

/**
 * Runs `branchCount` branches, at most `options.concurrency` at a time, and returns without
 * waiting for them: the fire-and-forget (`none`) completion mode. The first window starts before
 * it returns; the rest follow under the same window, rate limit, timeouts and failure policy.
 * @throws InvalidFanOutOptionError when an option is unusable; nothing has started then.
 */
export function startFanOut<T>(
	branchCount: number,
	runBranch: BranchRunner<T>,
	options: FanOutOptions,
): StartedFanOut<T> {
	const run = new FanOutRun(branchCount, runBranch, resolveFanOutOptions(branchCount, options));
	run.begin();
	return {
		started: Array.from({ length: run.startedCount }, (_, index) => index),
		completion: run.report,
		cancel: (reason?: unknown) => run.cancel(reason),
	};
}

/**
 * Runs `branchCount` branches in a sliding window of `options.concurrency`, a new one starting as
 * soon as one ends, and resolves with the report when the completion mode, the failure policy,
 * the deadline or the signal ends the run. It resolves rather than rejects when branches fail:
 * `report.failed` and `report.failureReason` say whether the run as a whole failed.
 * @throws InvalidFanOutOptionError (as a rejection) when an option is unusable.
 */
export async function runFanOut<T>(
	branchCount: number,
	runBranch: BranchRunner<T>,
	options: FanOutOptions,
): Promise<FanOutReport<T>> {
	return startFanOut(branchCount, runBranch, options).completion;
}
