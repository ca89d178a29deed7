/**
 * A call option or a value handed to the call machinery is unusable. Thrown before anything is
 * sent, so it always means the configuration needs fixing, never that the remote failed.
 */
export class InvalidCallOptionError extends TypeError {
	override readonly name = 'InvalidCallOptionError';

	/**
	 * @param option The option or field at fault, as the caller named it (e.g. `maxAttempts`).
	 * @param message Says what is wrong with the value and what would be accepted.
	 */
	constructor(
		readonly option: string,
		message: string,
		options?: ErrorOptions,
	) {
		super(message, options);
	}
}

/** Why a call gave up. */
export type CallFailureReason =
	/** The last answer had a status that is not retried, or retries ran out on one. */
	| 'status'
	/** The last attempt failed below HTTP (connection refused, reset, DNS...). */
	| 'network'
	/** The last attempt did not answer within its own timeout. */
	| 'timeout'
	/** The overall deadline passed, or would have passed before the next attempt could start. */
	| 'deadline'
	/** The caller's abort signal fired. */
	| 'cancelled'
	/** A workflow run in-process (not over HTTP) ended with an error, on every allowed attempt. */
	| 'workflow';

/** One attempt as the call log records it. */
export interface AttemptRecord {
	/** 1-based. */
	attempt: number;
	/** The HTTP status, when an answer arrived. */
	status?: number;
	/** The failure code when no answer arrived: a Node error code, `TIMEOUT`, `DEADLINE`, `CANCELLED`. */
	errorCode?: string;
	durationMs: number;
	/** How long the call waited before this attempt; 0 for the first. */
	delayBeforeMs: number;
}

/** What is known about a call that failed, carried by {@link CallFailedError}. */
export interface CallFailureDetails {
	reason: CallFailureReason;
	/** The status of the last answer, when one arrived. */
	status?: number;
	/** The start of the last answer's body, at most {@link MAX_BODY_EXCERPT_LENGTH} characters. */
	bodyExcerpt?: string;
	attempts: number;
	durationMs: number;
	attemptLog: AttemptRecord[];
	cause?: unknown;
}

/** Longest body excerpt a {@link CallFailedError} keeps; bodies can be large or sensitive. */
export const MAX_BODY_EXCERPT_LENGTH = 500;

/** A call gave up: the remote refused, could not be reached in time, or the caller cancelled. */
export class CallFailedError extends Error {
	override readonly name = 'CallFailedError';
	readonly reason: CallFailureReason;
	readonly status?: number;
	readonly bodyExcerpt?: string;
	readonly attempts: number;
	readonly durationMs: number;
	readonly attemptLog: AttemptRecord[];

	constructor(message: string, details: CallFailureDetails) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.reason = details.reason;
		this.status = details.status;
		this.bodyExcerpt = details.bodyExcerpt?.slice(0, MAX_BODY_EXCERPT_LENGTH);
		this.attempts = details.attempts;
		this.durationMs = details.durationMs;
		this.attemptLog = details.attemptLog;
	}
}
