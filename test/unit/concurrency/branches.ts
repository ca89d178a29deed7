// Branch bodies the specifications share: real short delays that honour their signal, and
// branches that ignore it, to prove the runner does not wait for them.

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** A branch that never settles and pays no attention to its signal. */
export function forever(): Promise<never> {
	return new Promise(() => undefined);
}

/** Random whole number of milliseconds in [min, max]. */
export function randomDelay(min: number, max: number): number {
	return min + Math.floor(Math.random() * (max - min + 1));
}

/** Records which branches started and which had their signal aborted. */
export class BranchLog {
	readonly started: number[] = [];
	readonly aborted = new Set<number>();
	/** The reason each aborted branch's signal carried. */
	readonly abortReasons = new Map<number, unknown>();

	/** Call at the start of a branch body. */
	start(index: number, signal: AbortSignal): void {
		this.started.push(index);
		const onAbort = () => {
			this.aborted.add(index);
			this.abortReasons.set(index, signal.reason);
		};
		signal.addEventListener('abort', onAbort, { once: true });
	}
}
