import { runAttempt, type AttemptOutcome } from './attempt';
import { abortableSleep } from './abortable-sleep';
import { CallBudget } from './call-budget';
import { callFailure, type FailureContext } from './call-failure';
import { decodeBody } from './decode-body';
import { InvalidCallOptionError, type AttemptRecord, type CallFailedError } from './errors';
import { buildAttempt, prepareRequest, type PreparedRequest } from './prepare-request';
import { judgeAttempt } from './retry-decision';
import { resolveRetryPolicy, type RetryPolicy } from './retry-policy';
import type { RawResponse } from './transport';
import type { CallOptions, CallRequest, CallResult } from './types';

/** How long one attempt may take when the caller does not say. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000;
/** How long a whole call may take, waits included, when the caller does not say. */
export const DEFAULT_DEADLINE_MS = 300_000;

/** A call in progress: its fixed inputs and what its attempts have produced so far. */
interface CallRun {
	prepared: PreparedRequest;
	policy: RetryPolicy;
	attemptTimeoutMs: number;
	deadlineMs: number;
	budget: CallBudget;
	onAttempt: CallOptions['onAttempt'];
	attemptLog: AttemptRecord[];
	lastResponse?: RawResponse;
}

/**
 * Calls a workflow's webhook, retrying by the policy until a 2xx answer, a failure not worth
 * retrying, the last allowed attempt, the deadline, or cancellation. The body is serialized once;
 * every attempt carries the same correlation ID and idempotency key and, with a secret, a fresh
 * signature.
 * @throws InvalidCallOptionError before sending anything, when the request or options are unusable.
 * @throws CallFailedError when the call gives up; its `reason` says why.
 */
export async function callWithRetry(
	request: CallRequest,
	options: CallOptions = {},
): Promise<CallResult> {
	const policy = resolveRetryPolicy(options.policy);
	const attemptTimeoutMs = requirePositive(
		'attemptTimeoutMs',
		options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
	);
	const deadlineMs = requirePositive('deadlineMs', options.deadlineMs ?? DEFAULT_DEADLINE_MS);
	const prepared = prepareRequest(request);

	const budget = new CallBudget(deadlineMs, options.signal);
	try {
		return await runAttempts({
			prepared,
			policy,
			attemptTimeoutMs,
			deadlineMs,
			budget,
			onAttempt: options.onAttempt,
			attemptLog: [],
		});
	} finally {
		budget.dispose();
	}
}

async function runAttempts(run: CallRun): Promise<CallResult> {
	let delayBeforeMs = 0;

	for (let attemptNumber = 1; ; attemptNumber++) {
		if (run.budget.stopReason) throw giveUp(run, run.budget.stopReason);

		const startedAt = performance.now();
		const outcome = await runAttempt(
			buildAttempt(run.prepared, attemptNumber),
			run.attemptTimeoutMs,
			run.budget.signal,
		);
		const record = recordAttempt(run, outcome, {
			attempt: attemptNumber,
			durationMs: Math.round(performance.now() - startedAt),
			delayBeforeMs,
		});

		const verdict = judgeAttempt({
			outcome,
			attemptNumber,
			policy: run.policy,
			remainingMs: run.budget.remainingMs(),
			stopReason: run.budget.stopReason,
		});
		const nextDelayMs = verdict.action === 'retry' ? verdict.delayMs : undefined;
		run.onAttempt?.({ ...record, willRetry: nextDelayMs !== undefined, nextDelayMs });

		if (verdict.action === 'succeed') return succeed(run, verdict.response);
		if (verdict.action === 'fail') throw giveUp(run, verdict.reason, outcome);

		const sleptFully = await abortableSleep(verdict.delayMs, run.budget.signal);
		if (!sleptFully) throw giveUp(run, run.budget.stopReason ?? 'cancelled');
		delayBeforeMs = verdict.delayMs;
	}
}

function recordAttempt(
	run: CallRun,
	outcome: AttemptOutcome,
	timing: Pick<AttemptRecord, 'attempt' | 'durationMs' | 'delayBeforeMs'>,
): AttemptRecord {
	const record: AttemptRecord = { ...timing };
	if (outcome.kind === 'answered') {
		record.status = outcome.response.status;
		run.lastResponse = outcome.response;
	} else if (outcome.kind === 'network') {
		record.errorCode = outcome.errorCode;
	} else if (outcome.kind === 'timeout') {
		record.errorCode = 'TIMEOUT';
	} else {
		record.errorCode = (run.budget.stopReason ?? 'cancelled').toUpperCase();
	}

	run.attemptLog.push(record);
	return record;
}

function succeed(run: CallRun, response: RawResponse): CallResult {
	return {
		status: response.status,
		headers: response.headers,
		body: decodeBody(response),
		attempts: run.attemptLog.length,
		durationMs: Math.round(run.budget.elapsedMs()),
		attemptLog: run.attemptLog,
	};
}

function giveUp(
	run: CallRun,
	reason: FailureContext['reason'],
	outcome?: AttemptOutcome,
): CallFailedError {
	return callFailure({
		reason,
		url: run.prepared.url,
		attemptLog: run.attemptLog,
		durationMs: Math.round(run.budget.elapsedMs()),
		lastResponse: run.lastResponse,
		errorCode: outcome?.kind === 'network' ? outcome.errorCode : undefined,
		attemptTimeoutMs: run.attemptTimeoutMs,
		deadlineMs: run.deadlineMs,
		cause: outcome && outcome.kind !== 'answered' ? outcome.cause : undefined,
	});
}

function requirePositive(option: string, value: number): number {
	if (!Number.isFinite(value) || value <= 0) {
		throw new InvalidCallOptionError(
			option,
			`${option} must be a positive number of milliseconds, got ${JSON.stringify(value)}`,
		);
	}
	return value;
}
