/** Why a whole call was stopped from outside its attempts. */
export type BudgetStop = 'deadline' | 'cancelled';

/**
 * The time and permission a call has left: one signal that fires when the overall deadline
 * passes or the caller's signal fires, whichever comes first, and which of the two it was.
 */
export class CallBudget {
	private readonly controller = new AbortController();
	private readonly startedAt = performance.now();
	private readonly deadlineTimer: NodeJS.Timeout;
	private readonly detachCallerSignal: () => void;
	private stoppedBy: BudgetStop | undefined;

	/**
	 * @param deadlineMs The budget for the whole call, from now.
	 * @param callerSignal The execution's cancel signal, if any.
	 */
	constructor(
		private readonly deadlineMs: number,
		callerSignal: AbortSignal | undefined,
	) {
		this.deadlineTimer = setTimeout(() => this.stop('deadline'), deadlineMs);

		const onCallerAbort = () => this.stop('cancelled');
		callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
		this.detachCallerSignal = () => callerSignal?.removeEventListener('abort', onCallerAbort);
		if (callerSignal?.aborted) this.stop('cancelled');
	}

	/** Fires once the call must stop; pass it to every attempt and every wait. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** What stopped the call, or `undefined` while it may go on. */
	get stopReason(): BudgetStop | undefined {
		return this.stoppedBy;
	}

	elapsedMs(): number {
		return performance.now() - this.startedAt;
	}

	remainingMs(): number {
		return Math.max(0, this.deadlineMs - this.elapsedMs());
	}

	/** Releases the timer and the listener on the caller's signal; call when the call ends. */
	dispose(): void {
		clearTimeout(this.deadlineTimer);
		this.detachCallerSignal();
	}

	private stop(reason: BudgetStop): void {
		if (this.stoppedBy) return;
		this.stoppedBy = reason;
		this.controller.abort(reason);
	}
}
