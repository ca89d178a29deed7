/** How a piece of work ended, as a value, so that waiting on it can never reject. */
export type Settlement<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` and turns its outcome into a {@link Settlement}. A synchronous throw counts as a
 * failure like a rejection does, so a badly written branch cannot break the runner's bookkeeping.
 */
export function settle<T>(work: () => PromiseLike<T> | T): Promise<Settlement<T>> {
	try {
		return Promise.resolve(work()).then(
			(value): Settlement<T> => ({ ok: true, value }),
			(error: unknown): Settlement<T> => ({ ok: false, error }),
		);
	} catch (error) {
		return Promise.resolve({ ok: false, error });
	}
}
