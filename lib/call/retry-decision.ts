import type { AttemptOutcome } from './attempt';
import { parseRetryAfter, retryDelayMs } from './backoff';
import type { BudgetStop } from './call-budget';
import type { CallFailureReason } from './errors';
import { isRetryableNetworkError } from './network-errors';
import { isRetryableStatus, type RetryPolicy } from './retry-policy';
import type { RawResponse } from './transport';

/** What the retry loop does after an attempt. */
export type RetryVerdict =
	| { action: 'succeed'; response: RawResponse }
	| { action: 'retry'; delayMs: number }
	| { action: 'fail'; reason: CallFailureReason };

/** Everything {@link judgeAttempt} needs; all of it known once an attempt has ended. */
export interface JudgeAttemptInput {
	outcome: AttemptOutcome;
	/** The attempt that just ended, 1-based. */
	attemptNumber: number;
	policy: RetryPolicy;
	/** Time left before the overall deadline. */
	remainingMs: number;
	/** Set when the call's budget stopped it; decides what a `stopped` outcome means. */
	stopReason?: BudgetStop;
	nowMs?: number;
	random?: () => number;
}

/**
 * Decides whether a call succeeded, should try again (and after how long) or must give up.
 * A wait that would use up all the time left ends the call now with `deadline`: sleeping until
 * the deadline only to be refused the next attempt would tell the caller nothing new, later.
 */
export function judgeAttempt(input: JudgeAttemptInput): RetryVerdict {
	const { outcome, policy } = input;
	if (outcome.kind === 'stopped')
		return { action: 'fail', reason: input.stopReason ?? 'cancelled' };
	if (outcome.kind === 'answered' && isSuccess(outcome.response.status)) {
		return { action: 'succeed', response: outcome.response };
	}

	const reason: CallFailureReason = outcome.kind === 'answered' ? 'status' : outcome.kind;
	if (!isRetryable(outcome, policy) || input.attemptNumber >= policy.maxAttempts) {
		return { action: 'fail', reason };
	}

	const retryAfterMs =
		outcome.kind === 'answered'
			? parseRetryAfter(outcome.response.headers['retry-after'], input.nowMs)
			: undefined;
	const delayMs = retryDelayMs({
		policy,
		attemptNumber: input.attemptNumber,
		retryAfterMs,
		remainingMs: input.remainingMs,
		random: input.random,
	});
	if (delayMs >= input.remainingMs) return { action: 'fail', reason: 'deadline' };

	return { action: 'retry', delayMs };
}

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

function isRetryable(outcome: AttemptOutcome, policy: RetryPolicy): boolean {
	switch (outcome.kind) {
		case 'answered':
			return isRetryableStatus(policy, outcome.response.status);
		case 'timeout':
			return policy.retryOnTimeout;
		case 'network':
			return policy.retryOnNetworkErrors && isRetryableNetworkError(outcome.errorCode);
		case 'stopped':
			return false;
	}
}
