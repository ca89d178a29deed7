import { systemClock, type FanOutClock } from './clock';
import { BranchTimeoutError } from './errors';
import { settle, type Settlement } from './settle';
import { optionalPositive } from './validate-options';

/** Undoes what one succeeded branch did. It should stop promptly once `signal` aborts. */
export type Compensator = (index: number, signal: AbortSignal) => Promise<unknown>;

/**
 * What became of one compensation. `failed` covers a rejection, a timeout and an abort by the
 * caller's signal; `skipped` means the signal had fired before its turn came.
 */
export type CompensationOutcome =
	| { index: number; status: 'compensated'; durationMs: number }
	| { index: number; status: 'failed'; error: unknown; durationMs: number }
	| { index: number; status: 'skipped' };

/** The outcome of {@link runCompensations}. */
export interface CompensationReport {
	/** One entry per index, in the order they were given (and run). */
	outcomes: CompensationOutcome[];
	/** Whether any compensation failed or was skipped, leaving work not undone. */
	failed: boolean;
	counts: Record<CompensationOutcome['status'], number>;
}

/** How {@link runCompensations} runs. */
export interface CompensationOptions {
	/** Aborts a compensation that runs longer, records it as failed and moves on to the next. */
	timeoutMs?: number;
	/** The execution being stopped: the running compensation is aborted, the rest are skipped. */
	signal?: AbortSignal;
	/** @default systemClock */
	clock?: FanOutClock;
}

/**
 * Calls `compensate` for each index, one at a time, in the order given: pass the reverse of the
 * completion order (see `compensationOrder`), so the last thing done is undone first. A failing
 * compensation is reported, never thrown, and does not stop the ones after it.
 * @throws InvalidFanOutOptionError (as a rejection) when `timeoutMs` is unusable.
 */
export async function runCompensations(
	indexes: readonly number[],
	compensate: Compensator,
	options: CompensationOptions = {},
): Promise<CompensationReport> {
	const timeoutMs = optionalPositive('timeoutMs', options.timeoutMs, 'ms');
	const clock = options.clock ?? systemClock;
	const outcomes: CompensationOutcome[] = [];
	for (const index of indexes) {
		if (options.signal?.aborted) outcomes.push({ index, status: 'skipped' });
		else outcomes.push(await compensateOne(index, compensate, clock, timeoutMs, options.signal));
	}

	const counts = { compensated: 0, failed: 0, skipped: 0 };
	for (const outcome of outcomes) counts[outcome.status] += 1;
	return { outcomes, failed: counts.compensated < outcomes.length, counts };
}

async function compensateOne(
	index: number,
	compensate: Compensator,
	clock: FanOutClock,
	timeoutMs: number | undefined,
	callerSignal: AbortSignal | undefined,
): Promise<CompensationOutcome> {
	const controller = new AbortController();
	const abortWithCallerReason = () => controller.abort(callerSignal?.reason);
	callerSignal?.addEventListener('abort', abortWithCallerReason, { once: true });
	const cancelTimer =
		timeoutMs === undefined
			? undefined
			: clock.setTimer(timeoutMs, () =>
					controller.abort(new BranchTimeoutError(index, timeoutMs, 'Compensation of branch')),
				);

	const startedAt = clock.now();
	try {
		// Raced against the abort so that a compensation ignoring its signal cannot hold up the rest.
		const settlement = await Promise.race([
			settle(() => compensate(index, controller.signal)),
			abortOf(controller.signal),
		]);
		const durationMs = clock.now() - startedAt;
		return settlement.ok
			? { index, status: 'compensated', durationMs }
			: { index, status: 'failed', error: settlement.error, durationMs };
	} finally {
		cancelTimer?.();
		callerSignal?.removeEventListener('abort', abortWithCallerReason);
	}
}

function abortOf(signal: AbortSignal): Promise<Settlement<never>> {
	return new Promise((resolve) => {
		signal.addEventListener('abort', () => resolve({ ok: false, error: signal.reason }), {
			once: true,
		});
	});
}
