/** Why a fan-out stopped. `completed` and `quorumReached` are successes; the others fail the run. */
export type FanOutEndCause =
	/** Every branch finished (or the failure policy let the failures pass). */
	| 'completed'
	/** Enough branches succeeded for `firstSuccess` or `quorum`; the rest were cancelled. */
	| 'quorumReached'
	/** So many branches failed that the required number of successes can no longer be reached. */
	| 'quorumUnreachable'
	/** More branches failed than the failure policy allows. */
	| 'failureLimit'
	/** The overall deadline passed before the run finished. */
	| 'deadline'
	/** The caller's signal fired or `cancel()` was called. */
	| 'cancelled';

/**
 * An option handed to the fan-out machinery is unusable. Thrown before any branch starts, so it
 * always means the configuration needs fixing.
 */
export class InvalidFanOutOptionError extends TypeError {
	override readonly name = 'InvalidFanOutOptionError';

	/**
	 * @param option The option at fault, as the caller named it (e.g. `concurrency`).
	 * @param message Says what is wrong with the value and what would be accepted.
	 */
	constructor(
		readonly option: string,
		message: string,
	) {
		super(message);
	}
}

/** A branch or a compensation ran longer than its own timeout; its signal was aborted with this. */
export class BranchTimeoutError extends Error {
	override readonly name = 'BranchTimeoutError';

	constructor(
		readonly branchIndex: number,
		readonly timeoutMs: number,
		what = 'Branch',
	) {
		super(`${what} ${branchIndex} did not finish within ${timeoutMs} ms`);
	}
}

/**
 * The run no longer wanted this branch: it was aborted with this reason and recorded as
 * `cancelled`. When the caller's signal fired, its reason is kept as the `cause`.
 */
export class BranchCancelledError extends Error {
	override readonly name = 'BranchCancelledError';

	constructor(
		readonly branchIndex: number,
		readonly endCause: FanOutEndCause,
		cause?: unknown,
	) {
		super(
			`Branch ${branchIndex} was cancelled because ${WHY_CANCELLED[endCause]}`,
			cause === undefined ? undefined : { cause },
		);
	}
}

const WHY_CANCELLED: Record<FanOutEndCause, string> = {
	completed: 'the fan-out had completed',
	quorumReached: 'enough branches had succeeded',
	quorumUnreachable: 'too few branches could still succeed',
	failureLimit: 'too many branches failed',
	deadline: 'the overall deadline passed',
	cancelled: 'the fan-out was cancelled',
};
