import { BranchBook, type RunningBranch } from './branch-book';
import { errorMessage, failurePolicyVerdict, successGoalVerdict } from './end-rules';
import { BranchCancelledError, BranchTimeoutError, type FanOutEndCause } from './errors';
import type { ResolvedFanOutOptions } from './options';
import { ProgressReporter } from './progress';
import { StartRateLimiter } from './rate-limiter';
import { buildReport, type FanOutReport, type RunEnding } from './report';
import { settle, type Settlement } from './settle';

/**
 * The work of one branch. It should stop promptly once `signal` aborts; one that does not is no
 * longer waited for, and its slot in the window is reused while it may still be running.
 */
export type BranchRunner<T> = (index: number, signal: AbortSignal) => Promise<T>;

/**
 * One fan-out from start to report. Event-driven rather than a loop of awaits: every branch end,
 * timer and abort calls back in, updates the books synchronously and tops the window up, so no
 * decision waits for a microtask during which a further branch could start.
 */
export class FanOutRun<T> {
	/** Settles with the report when the run ends; never rejects. */
	readonly report: Promise<FanOutReport<T>>;

	private readonly book: BranchBook<T>;
	private readonly rateLimiter?: StartRateLimiter;
	private readonly progress?: ProgressReporter;
	private readonly startedAt: number;
	private resolveReport: (report: FanOutReport<T>) => void = () => undefined;
	private ending?: RunEnding;
	private finished = false;
	private cancelRateTimer?: () => void;
	private cancelDeadline?: () => void;

	constructor(
		private readonly total: number,
		private readonly runBranch: BranchRunner<T>,
		private readonly options: ResolvedFanOutOptions,
	) {
		const { clock, rateLimit, onProgress, progressIntervalMs } = options;
		this.book = new BranchBook(total);
		this.report = new Promise((resolve) => (this.resolveReport = resolve));
		this.startedAt = clock.now();
		if (rateLimit) {
			this.rateLimiter = new StartRateLimiter(
				rateLimit.ratePerSecond,
				rateLimit.burst,
				this.startedAt,
			);
		}
		if (onProgress) {
			this.progress = new ProgressReporter(clock, progressIntervalMs, onProgress, () =>
				this.book.progress(),
			);
		}
	}

	/** How many branches have started; they are always the first ones, in input order. */
	get startedCount(): number {
		return this.book.startedCount;
	}

	/** Starts the first window synchronously, then runs on by itself. Call once. */
	begin(): void {
		const { signal, deadlineMs, clock } = this.options;
		if (signal?.aborted) {
			this.stopForSignal();
			return;
		}
		signal?.addEventListener('abort', this.stopForSignal, { once: true });
		if (deadlineMs !== undefined) {
			this.cancelDeadline = clock.setTimer(deadlineMs, () => this.stopForDeadline(deadlineMs));
		}
		this.progress?.start();

		// A quorum larger than the number of branches fails before anything starts.
		this.checkSuccessGoal();
		this.fill();
	}

	/** Stops the run as the caller's signal would. */
	cancel(reason: unknown): void {
		this.stop('cancelled', cancellationReason(reason), reason);
	}

	private fill(): void {
		const { concurrency, clock } = this.options;
		while (!this.ending && this.book.startedCount < this.total) {
			if (this.book.runningCount >= concurrency) break;
			if (this.rateLimiter) {
				const now = clock.now();
				const waitMs = this.rateLimiter.delayUntilNextStartMs(now);
				if (waitMs > 0) {
					this.cancelRateTimer ??= clock.setTimer(waitMs, () => {
						this.cancelRateTimer = undefined;
						this.fill();
					});
					return;
				}
				this.rateLimiter.recordStart(now);
			}
			this.startBranch();
		}
		this.finishIfIdle();
	}

	private startBranch(): void {
		const { clock, branchTimeoutMs } = this.options;
		const branch = this.book.startNext(clock.now());
		if (branchTimeoutMs !== undefined) {
			branch.cancelTimeout = clock.setTimer(branchTimeoutMs, () =>
				this.timeOut(branch, branchTimeoutMs),
			);
		}
		void settle(() => this.runBranch(branch.index, branch.controller.signal)).then((settlement) =>
			this.onSettled(branch, settlement),
		);
	}

	private onSettled(branch: RunningBranch, settlement: Settlement<T>): void {
		// A branch that timed out or was cancelled already has its result; what it does later is moot.
		if (!this.book.isRunning(branch)) return;
		this.book.recordFinished(branch, settlement, this.options.clock.now());
		this.afterFinished(branch.index, settlement);
	}

	private timeOut(branch: RunningBranch, timeoutMs: number): void {
		if (!this.book.isRunning(branch)) return;
		const error = new BranchTimeoutError(branch.index, timeoutMs);
		this.book.recordFinished(branch, { ok: false, error }, this.options.clock.now());
		branch.controller.abort(error);
		this.afterFinished(branch.index, { ok: false, error });
	}

	private afterFinished(index: number, settlement: Settlement<T>): void {
		if (!settlement.ok) {
			const { failurePolicy } = this.options;
			const reason = failurePolicyVerdict(
				failurePolicy,
				this.book.tally(),
				index,
				settlement.error,
			);
			if (reason !== undefined) this.stop('failureLimit', reason);
		}
		this.checkSuccessGoal();
		this.fill();
	}

	private checkSuccessGoal(): void {
		const verdict = successGoalVerdict(this.options.requiredSuccesses, this.book.tally());
		if (verdict?.reached) this.stop('quorumReached');
		else if (verdict) this.stop('quorumUnreachable', verdict.reason);
	}

	private readonly stopForSignal = (): void => {
		const reason: unknown = this.options.signal?.reason;
		this.stop('cancelled', cancellationReason(reason), reason);
	};

	private stopForDeadline(deadlineMs: number): void {
		const unfinished = this.book.unfinishedCount;
		this.stop(
			'deadline',
			`The deadline of ${deadlineMs} ms passed with ${unfinished} of ${this.total} branches unfinished`,
		);
	}

	/**
	 * Ends the run early. The running branches are recorded as cancelled before their signals are
	 * aborted, so the rejection an abort provokes is already moot when it arrives, and the report
	 * does not wait for branches that ignore their signal. The branches not started are skipped.
	 */
	private stop(cause: FanOutEndCause, failureReason?: string, signalReason?: unknown): void {
		if (this.ending) return;
		this.ending = { cause, failureReason };
		this.cancelRateTimer?.();
		this.cancelRateTimer = undefined;

		const errorFor = (index: number) => new BranchCancelledError(index, cause, signalReason);
		const now = this.options.clock.now();
		for (const { branch, error } of this.book.cancelAllRunning(errorFor, now)) {
			branch.controller.abort(error);
		}
		this.finishIfIdle();
	}

	private finishIfIdle(): void {
		if (this.finished || this.book.runningCount > 0) return;
		if (!this.ending && this.book.startedCount < this.total) return;
		this.finished = true;

		this.cancelDeadline?.();
		this.cancelRateTimer?.();
		this.options.signal?.removeEventListener('abort', this.stopForSignal);
		const progressCallbackError = this.progress?.finish();

		const elapsedMs = this.options.clock.now() - this.startedAt;
		const ending = this.ending ?? { cause: 'completed' };
		this.resolveReport(
			buildReport(this.book.finalResults(), ending, elapsedMs, progressCallbackError),
		);
	}
}

function cancellationReason(reason: unknown): string {
	const detail = reason === undefined ? '' : `: ${errorMessage(reason)}`;
	return `The fan-out was cancelled before it finished${detail}`;
}
