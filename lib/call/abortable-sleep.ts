/**
 * Waits `ms` milliseconds, or less if `signal` fires first.
 * @returns `true` when the full wait elapsed, `false` when the signal cut it short (or had
 *   already fired). Never rejects, so the caller decides what an abort means.
 */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return false;

	return await new Promise<boolean>((resolve) => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
