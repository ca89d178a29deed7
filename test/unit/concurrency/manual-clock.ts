import type { FanOutClock } from '../../../lib/concurrency';

interface PendingTimer {
	at: number;
	sequence: number;
	callback: () => void;
}

/** Lets promise callbacks queued so far run, including those they queue in turn. */
export function flushPromises(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that only moves when the test says so, so that rate limits, timeouts and progress can be
 * checked to the millisecond without real waiting.
 */
export class ManualClock implements FanOutClock {
	private current = 1_700_000_000_000;
	private timers: PendingTimer[] = [];
	private sequence = 0;

	now(): number {
		return this.current;
	}

	setTimer(delayMs: number, callback: () => void): () => void {
		const timer = { at: this.current + delayMs, sequence: this.sequence++, callback };
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter((pending) => pending !== timer);
		};
	}

	/** Timers set and neither fired nor cancelled. */
	get pendingTimers(): number {
		return this.timers.length;
	}

	/** Moves time on by `ms`, firing due timers in order and letting promises settle after each. */
	async advance(ms: number): Promise<void> {
		const target = this.current + ms;
		await flushPromises();
		for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
			this.timers = this.timers.filter((pending) => pending !== next);
			this.current = next.at;
			next.callback();
			await flushPromises();
		}
		this.current = target;
	}

	private nextDue(target: number): PendingTimer | undefined {
		return this.timers
			.filter((timer) => timer.at <= target)
			.sort((a, b) => a.at - b.at || a.sequence - b.sequence)[0];
	}
}
