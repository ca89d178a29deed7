import type { FanOutEndCause } from './errors';
import { durationPercentiles, type DurationPercentiles } from './percentiles';

/** What became of one branch. */
export type BranchStatus = 'succeeded' | 'failed' | 'cancelled' | 'skipped';

/** Fields of every branch that started. */
interface StartedBranch {
	index: number;
	/** Milliseconds since the Unix epoch, by the run's clock. */
	startedAt: number;
	/** Until the branch settled, timed out or was cancelled. */
	durationMs: number;
}

/**
 * One branch in the report. `completionOrder` (0-based) numbers the branches that finished by
 * themselves, succeeded or failed, in the order they did. A `cancelled` branch was aborted because
 * the run no longer wanted it; it may still have done its work, and whatever it settled with later
 * is ignored. A `skipped` branch never started.
 */
export type BranchResult<T> =
	| (StartedBranch & { status: 'succeeded'; value: T; completionOrder: number })
	| (StartedBranch & { status: 'failed'; error: unknown; completionOrder: number })
	| (StartedBranch & { status: 'cancelled'; error: unknown })
	| { index: number; status: 'skipped' };

/** The outcome of a fan-out. It is returned, never thrown: the caller decides what `failed` means. */
export interface FanOutReport<T> {
	/** One entry per branch, in input order whatever the order of completion. */
	results: BranchResult<T>[];

	/** Whether the run failed by its completion mode, failure policy, deadline or cancellation. */
	failed: boolean;

	/** Why the run failed, for the person building the workflow; only when `failed`. */
	failureReason?: string;

	endCause: FanOutEndCause;
	counts: Record<BranchStatus, number>;

	/**
	 * Indexes of the succeeded branches, first finished first. Compensation undoes them in the
	 * reverse order; see {@link compensationOrder}.
	 */
	succeededInCompletionOrder: number[];

	/** Over the branches that finished by themselves; undefined when none did. */
	durationPercentiles?: DurationPercentiles;

	/** From the start of the run to the report. */
	elapsedMs: number;

	/** What `onProgress` threw, when it threw; it was not called again afterwards. */
	progressCallbackError?: { error: unknown };
}

/** How the run ended, as the runner decided it. */
export interface RunEnding {
	cause: FanOutEndCause;
	failureReason?: string;
}

/** Assembles the report from the final branch results. */
export function buildReport<T>(
	results: BranchResult<T>[],
	ending: RunEnding,
	elapsedMs: number,
	progressCallbackError: { error: unknown } | undefined,
): FanOutReport<T> {
	const counts: Record<BranchStatus, number> = {
		succeeded: 0,
		failed: 0,
		cancelled: 0,
		skipped: 0,
	};
	const finishedDurations: number[] = [];
	const succeeded: Array<{ index: number; order: number }> = [];

	for (const result of results) {
		counts[result.status] += 1;
		if (result.status === 'succeeded' || result.status === 'failed') {
			finishedDurations.push(result.durationMs);
		}
		if (result.status === 'succeeded') {
			succeeded.push({ index: result.index, order: result.completionOrder });
		}
	}

	const failed = ending.cause !== 'completed' && ending.cause !== 'quorumReached';
	return {
		results,
		failed,
		...(failed ? { failureReason: ending.failureReason } : {}),
		endCause: ending.cause,
		counts,
		succeededInCompletionOrder: succeeded.sort((a, b) => a.order - b.order).map((s) => s.index),
		durationPercentiles: durationPercentiles(finishedDurations),
		elapsedMs,
		...(progressCallbackError ? { progressCallbackError } : {}),
	};
}

/** The order in which to compensate the succeeded branches: the reverse of their completion. */
export function compensationOrder(report: FanOutReport<unknown>): number[] {
	return [...report.succeededInCompletionOrder].reverse();
}
