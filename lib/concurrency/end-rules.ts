import type { FailurePolicy } from './options';

/** Where a run stands, as the end rules see it. */
export interface RunTally {
	total: number;
	succeeded: number;
	failed: number;
	running: number;
	notStarted: number;
}

/**
 * Whether the failure policy ends the run now that one more branch has failed.
 * @returns the reason to report, or undefined when the failure is tolerated.
 */
export function failurePolicyVerdict(
	policy: FailurePolicy,
	tally: RunTally,
	failedIndex: number,
	error: unknown,
): string | undefined {
	if (policy.mode === 'never') return undefined;
	if (policy.mode === 'failFast') {
		return `Branch ${failedIndex} failed and the failure policy is fail fast: ${errorMessage(error)}`;
	}

	const { maxFailures, maxFailurePercent } = policy;
	if (maxFailures !== undefined && tally.failed > maxFailures) {
		return `${tally.failed} of ${tally.total} branches failed, more than the ${maxFailures} tolerated`;
	}
	// Compared as failed / total > percent / 100 without dividing, so that 10% of 20 is exactly 2.
	if (maxFailurePercent !== undefined && tally.failed * 100 > maxFailurePercent * tally.total) {
		return `${tally.failed} of ${tally.total} branches failed, more than the ${maxFailurePercent}% tolerated`;
	}
	return undefined;
}

/** What the success goal of `firstSuccess` or `quorum` says about the run. */
export type SuccessGoalVerdict = { reached: true } | { reached: false; reason: string } | undefined;

/**
 * Whether enough branches have succeeded, or so few can still succeed that waiting is pointless.
 * @param requiredSuccesses undefined in `all` mode, which has no success goal.
 */
export function successGoalVerdict(
	requiredSuccesses: number | undefined,
	tally: RunTally,
): SuccessGoalVerdict {
	if (requiredSuccesses === undefined) return undefined;
	if (tally.succeeded >= requiredSuccesses) return { reached: true };

	const stillPossible = tally.succeeded + tally.running + tally.notStarted;
	if (stillPossible >= requiredSuccesses) return undefined;
	return {
		reached: false,
		reason:
			`${requiredSuccesses} successful branches were needed but at most ${stillPossible} ` +
			`of ${tally.total} can succeed`,
	};
}

/** The message of an error of unknown type, for a reason string. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
