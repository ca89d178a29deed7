import type { FanOutClock } from './clock';

/** A snapshot of a run, handed to `onProgress`. */
export interface FanOutProgress {
	total: number;
	/** Branches that have ended: succeeded, failed or cancelled. */
	done: number;
	succeeded: number;
	failed: number;
	inFlight: number;
}

/**
 * Calls `onProgress` every `intervalMs` while a run lasts and once when it ends. Periodic rather
 * than on every branch end, because the moment a long run most needs a log line is when nothing
 * has finished for a while.
 */
export class ProgressReporter {
	private cancelTimer?: () => void;
	private callbackError?: { error: unknown };

	constructor(
		private readonly clock: FanOutClock,
		private readonly intervalMs: number,
		private readonly onProgress: (progress: FanOutProgress) => void,
		private readonly snapshot: () => FanOutProgress,
	) {}

	start(): void {
		this.cancelTimer = this.clock.setTimer(this.intervalMs, () => {
			this.report();
			if (this.callbackError === undefined) this.start();
		});
	}

	/**
	 * Stops the periodic calls and makes the final one.
	 * @returns what the callback threw, when it threw, wrapped so that `throw undefined` shows too.
	 */
	finish(): { error: unknown } | undefined {
		this.cancelTimer?.();
		this.report();
		return this.callbackError;
	}

	private report(): void {
		if (this.callbackError !== undefined) return;
		try {
			this.onProgress(this.snapshot());
		} catch (error) {
			// A logging callback must not fail the fan-out, and a throw from a timer would crash the
			// process; the error goes into the report instead and the callback is not called again.
			this.callbackError = { error };
		}
	}
}
