import { systemClock } from './clock';
import { InvalidFanOutOptionError } from './errors';
import type { FailurePolicy, FanOutOptions, ResolvedFanOutOptions } from './options';

const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

/**
 * Checks the options and applies the defaults.
 * @throws InvalidFanOutOptionError naming the first option whose value is unusable.
 */
export function resolveFanOutOptions(
	branchCount: number,
	options: FanOutOptions,
): ResolvedFanOutOptions {
	requireWholeNumber('branchCount', branchCount, 0);
	requireWholeNumber('concurrency', options.concurrency, 1);

	const completion = options.completion ?? { mode: 'all' };
	let requiredSuccesses: number | undefined;
	if (completion.mode === 'firstSuccess') requiredSuccesses = 1;
	if (completion.mode === 'quorum') {
		requireWholeNumber('completion.successes', completion.successes, 1);
		requiredSuccesses = completion.successes;
	}

	const failurePolicy =
		options.failurePolicy ?? (completion.mode === 'all' ? { mode: 'failFast' } : { mode: 'never' });
	checkFailurePolicy(failurePolicy);

	return {
		concurrency: options.concurrency,
		completion,
		requiredSuccesses,
		failurePolicy,
		rateLimit: resolveRateLimit(options),
		branchTimeoutMs: optionalPositive('branchTimeoutMs', options.branchTimeoutMs, 'ms'),
		deadlineMs: optionalPositive('deadlineMs', options.deadlineMs, 'ms'),
		signal: options.signal,
		onProgress: options.onProgress,
		progressIntervalMs:
			optionalPositive('progressIntervalMs', options.progressIntervalMs, 'ms') ??
			DEFAULT_PROGRESS_INTERVAL_MS,
		clock: options.clock ?? systemClock,
	};
}

function resolveRateLimit(options: FanOutOptions): ResolvedFanOutOptions['rateLimit'] {
	const ratePerSecond = optionalPositive(
		'ratePerSecond',
		options.ratePerSecond,
		'starts per second',
	);
	if (ratePerSecond === undefined) return undefined;
	const burst = options.rateBurst ?? 1;
	requireWholeNumber('rateBurst', burst, 1);
	return { ratePerSecond, burst };
}

function checkFailurePolicy(policy: FailurePolicy): void {
	if (policy.mode !== 'tolerate') return;
	const { maxFailures, maxFailurePercent } = policy;
	if (maxFailures === undefined && maxFailurePercent === undefined) {
		throw new InvalidFanOutOptionError(
			'failurePolicy',
			'A tolerate failure policy needs maxFailures or maxFailurePercent',
		);
	}
	if (maxFailures !== undefined) requireWholeNumber('failurePolicy.maxFailures', maxFailures, 0);
	const validPercent =
		maxFailurePercent === undefined ||
		(Number.isFinite(maxFailurePercent) && maxFailurePercent >= 0 && maxFailurePercent <= 100);
	if (!validPercent) {
		throw new InvalidFanOutOptionError(
			'failurePolicy.maxFailurePercent',
			`failurePolicy.maxFailurePercent must be between 0 and 100, got ${String(maxFailurePercent)}`,
		);
	}
}

function requireWholeNumber(option: string, value: number, minimum: number): void {
	if (!Number.isInteger(value) || value < minimum) {
		throw new InvalidFanOutOptionError(
			option,
			`${option} must be a whole number of at least ${minimum}, got ${String(value)}`,
		);
	}
}

/**
 * `value` when it is a positive finite number, undefined when it is omitted.
 * @throws InvalidFanOutOptionError naming `option` otherwise.
 */
export function optionalPositive(
	option: string,
	value: number | undefined,
	unit: string,
): number | undefined {
	if (value === undefined) return undefined;
	if (!Number.isFinite(value) || value <= 0) {
		throw new InvalidFanOutOptionError(
			option,
			`${option} must be a positive number (${unit}), got ${String(value)}`,
		);
	}
	return value;
}
