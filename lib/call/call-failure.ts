import {
	CallFailedError,
	MAX_BODY_EXCERPT_LENGTH,
	type AttemptRecord,
	type CallFailureReason,
} from './errors';
import type { RawResponse } from './transport';

/** What the retry loop knows when it gives up. */
export interface FailureContext {
	reason: CallFailureReason;
	url: string;
	attemptLog: AttemptRecord[];
	durationMs: number;
	/** The last answer received, if any attempt got one. */
	lastResponse?: RawResponse;
	/** The code of the last transport failure, for `network`. */
	errorCode?: string;
	attemptTimeoutMs: number;
	deadlineMs: number;
	cause?: unknown;
}

/** Builds the error for a call that gave up, with a message a workflow builder can act on. */
export function callFailure(context: FailureContext): CallFailedError {
	const attempts = context.attemptLog.length;
	const status = context.lastResponse?.status;

	return new CallFailedError(`${describeFailure(context)} (${plural(attempts, 'attempt')})`, {
		reason: context.reason,
		status,
		bodyExcerpt: context.lastResponse?.text.slice(0, MAX_BODY_EXCERPT_LENGTH),
		attempts,
		durationMs: context.durationMs,
		attemptLog: context.attemptLog,
		cause: context.cause,
	});
}

function describeFailure(context: FailureContext): string {
	const target = `The call to ${displayUrl(context.url)}`;
	switch (context.reason) {
		case 'status':
			return `${target} was answered with status ${context.lastResponse?.status}`;
		case 'network':
			return `${target} could not reach the server: ${context.errorCode}`;
		case 'timeout':
			return `${target} got no answer within the attempt timeout of ${context.attemptTimeoutMs} ms`;
		case 'deadline':
			return `${target} did not succeed within its deadline of ${context.deadlineMs} ms`;
		case 'cancelled':
			return `${target} was cancelled`;
		case 'workflow':
			return `${target} ran a workflow that failed`;
	}
}

// The query string can carry tokens; origin and path are enough to say which webhook it was.
function displayUrl(url: string): string {
	const parsed = new URL(url);
	return parsed.origin + parsed.pathname;
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
