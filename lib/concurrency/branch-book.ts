import type { RunTally } from './end-rules';
import type { FanOutProgress } from './progress';
import type { BranchResult } from './report';
import type { Settlement } from './settle';

/** A branch the run is still waiting for. */
export interface RunningBranch {
	index: number;
	controller: AbortController;
	startedAt: number;
	cancelTimeout?: () => void;
}

/**
 * The books of one run: which branches started, which are running and what became of the rest.
 * Kept apart from the runner so that the runner reads as decisions only. A branch leaves the books
 * of running branches exactly once, by finishing or by being cancelled, whichever comes first.
 */
export class BranchBook<T> {
	private readonly results: Array<BranchResult<T> | undefined>;
	private readonly running = new Map<number, RunningBranch>();
	private started = 0;
	private succeeded = 0;
	private failed = 0;
	private cancelled = 0;

	constructor(private readonly total: number) {
		this.results = new Array<BranchResult<T> | undefined>(total).fill(undefined);
	}

	get startedCount(): number {
		return this.started;
	}

	get runningCount(): number {
		return this.running.size;
	}

	get unfinishedCount(): number {
		return this.total - this.succeeded - this.failed - this.cancelled;
	}

	/** Starts the next branch in input order. */
	startNext(startedAt: number): RunningBranch {
		const branch = { index: this.started++, controller: new AbortController(), startedAt };
		this.running.set(branch.index, branch);
		return branch;
	}

	/** Whether the run still waits for this branch (it has not finished, timed out or been cancelled). */
	isRunning(branch: RunningBranch): boolean {
		return this.running.get(branch.index) === branch;
	}

	/** Records a branch that settled by itself or timed out; numbers it in completion order. */
	recordFinished(branch: RunningBranch, settlement: Settlement<T>, now: number): void {
		this.leave(branch);
		const base = {
			index: branch.index,
			startedAt: branch.startedAt,
			durationMs: now - branch.startedAt,
			completionOrder: this.succeeded + this.failed,
		};
		if (settlement.ok) {
			this.succeeded += 1;
			this.results[branch.index] = { ...base, status: 'succeeded', value: settlement.value };
		} else {
			this.failed += 1;
			this.results[branch.index] = { ...base, status: 'failed', error: settlement.error };
		}
	}

	/**
	 * Records every running branch as cancelled with the error `errorFor` makes, and returns each
	 * branch with that error, for the caller to abort its signal with the same one.
	 */
	cancelAllRunning(
		errorFor: (index: number) => unknown,
		now: number,
	): Array<{ branch: RunningBranch; error: unknown }> {
		return [...this.running.values()].map((branch) => {
			const error = errorFor(branch.index);
			this.leave(branch);
			this.cancelled += 1;
			this.results[branch.index] = {
				index: branch.index,
				status: 'cancelled',
				error,
				startedAt: branch.startedAt,
				durationMs: now - branch.startedAt,
			};
			return { branch, error };
		});
	}

	/** One result per branch in input order; the branches that never started are skipped. */
	finalResults(): BranchResult<T>[] {
		return this.results.map(
			(result, index): BranchResult<T> => result ?? { index, status: 'skipped' },
		);
	}

	tally(): RunTally {
		return {
			total: this.total,
			succeeded: this.succeeded,
			failed: this.failed,
			running: this.running.size,
			notStarted: this.total - this.started,
		};
	}

	progress(): FanOutProgress {
		return {
			total: this.total,
			done: this.succeeded + this.failed + this.cancelled,
			succeeded: this.succeeded,
			failed: this.failed,
			inFlight: this.running.size,
		};
	}

	private leave(branch: RunningBranch): void {
		this.running.delete(branch.index);
		branch.cancelTimeout?.();
	}
}
