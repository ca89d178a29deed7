import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	abortableSleep,
	CallBudget,
	CallFailedError,
	DEFAULT_DEADLINE_MS,
	InvalidCallOptionError,
	resolveRetryPolicy,
	retryDelayMs,
	type AttemptRecord,
	type CallOptions,
	type JsonValue,
	type BudgetStop,
	type RetryPolicy,
} from '../../../lib/call';
import type { InvocationResult } from './invoke-target';

/** One in-process run of a workflow, as {@link runWorkflowInProcess} starts it. */
export interface InProcessRun {
	workflowId: string;
	items: INodeExecutionData[];
	waitForResult: boolean;
	options: CallOptions;
}

/**
 * Runs a published workflow inside this n8n with `executeWorkflow`, retrying a failed run by the
 * same policy (attempts, backoff, deadline) as an HTTP call. Every failure counts as retryable:
 * n8n reports a failed child as a plain error, with no status to judge it by.
 *
 * The attempt timeout does not apply: n8n offers no way to abort a child run once started, so
 * only the deadline and the execution's cancel signal end the wait (the child itself runs on).
 * @throws CallFailedError with reason `workflow` (every attempt failed), `deadline` or `cancelled`.
 */
export async function runWorkflowInProcess(
	context: IExecuteFunctions,
	run: InProcessRun,
): Promise<InvocationResult> {
	const policy = resolveRetryPolicy(run.options.policy);
	const deadlineMs = requireDeadline(run.options.deadlineMs ?? DEFAULT_DEADLINE_MS);
	// The same budget an HTTP call runs under: one signal for the deadline and the cancel signal.
	const budget = new CallBudget(deadlineMs, run.options.signal);
	try {
		return await runAttempts(context, run, policy, budget);
	} finally {
		budget.dispose();
	}
}

async function runAttempts(
	context: IExecuteFunctions,
	run: InProcessRun,
	policy: RetryPolicy,
	budget: CallBudget,
): Promise<InvocationResult> {
	// Read through a function: the budget stops from outside (a timer, the cancel signal), which
	// TypeScript's narrowing of `budget.stopReason` after the first check would not allow for.
	const stopped = (): BudgetStop | undefined => budget.stopReason;
	const attemptLog: AttemptRecord[] = [];
	let delayBeforeMs = 0;
	let lastError: unknown;

	for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
		if (stopped()) break;
		const attemptStarted = performance.now();
		try {
			const outcome = await raceAbort(startRun(context, run), budget.signal);
			attemptLog.push({
				attempt,
				durationMs: Math.round(performance.now() - attemptStarted),
				delayBeforeMs,
			});
			// Reported like an HTTP call reports its last attempt, so logs look the same for both.
			run.options.onAttempt?.({ ...attemptLog[attemptLog.length - 1], willRetry: false });
			return {
				body: outcome.body,
				childExecutionId: outcome.executionId,
				attempts: attempt,
				durationMs: Math.round(budget.elapsedMs()),
				attemptLog,
			};
		} catch (error) {
			lastError = error;
			attemptLog.push({
				attempt,
				errorCode: stopped()?.toUpperCase() ?? 'WORKFLOW_FAILED',
				durationMs: Math.round(performance.now() - attemptStarted),
				delayBeforeMs,
			});
			run.options.onAttempt?.({
				...attemptLog[attemptLog.length - 1],
				willRetry: attempt < policy.maxAttempts && !stopped(),
			});
			if (attempt === policy.maxAttempts || stopped()) break;
			delayBeforeMs = retryDelayMs({
				policy,
				attemptNumber: attempt,
				remainingMs: budget.remainingMs(),
			});
			if (!(await abortableSleep(delayBeforeMs, budget.signal))) break;
		}
	}

	const reason = stopped() ?? 'workflow';
	throw new CallFailedError(failureMessage(run.workflowId, reason, lastError, attemptLog.length), {
		reason,
		attempts: attemptLog.length,
		durationMs: Math.round(budget.elapsedMs()),
		attemptLog,
		cause: lastError,
	});
}

async function startRun(
	context: IExecuteFunctions,
	run: InProcessRun,
): Promise<{ body: JsonValue; executionId: string }> {
	const result = await context.executeWorkflow({ id: run.workflowId }, run.items, undefined, {
		doNotWaitToFinish: !run.waitForResult,
		parentExecution: {
			executionId: context.getExecutionId(),
			workflowId: String(context.getWorkflow().id ?? ''),
			// A child that pauses (Wait node) resumes this execution only when we wait for it.
			shouldResume: run.waitForResult,
		},
		// As n8n's Execute Workflow node does: a manual run in the editor calls the child's saved
		// draft, a production run its published version.
		executionMode: context.getMode(),
	});
	if (!run.waitForResult) {
		return {
			body: { accepted: true, executionId: result.executionId },
			executionId: result.executionId,
		};
	}
	// Like a webhook answering "when the last node finishes": the first item of the last node.
	const firstItem = result.data?.[0]?.[0];
	return { body: (firstItem?.json ?? {}) as JsonValue, executionId: result.executionId };
}

function requireDeadline(deadlineMs: number): number {
	// AbortSignal.timeout throws a bare RangeError on these; name the setting instead.
	if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) {
		throw new InvalidCallOptionError(
			'deadlineMs',
			`deadlineMs must be a positive number of milliseconds, got ${JSON.stringify(deadlineMs)}`,
		);
	}
	return Math.ceil(deadlineMs);
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) throw signal.reason;
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

function failureMessage(
	workflowId: string,
	reason: 'workflow' | 'deadline' | 'cancelled',
	lastError: unknown,
	attempts: number,
): string {
	const target = `The in-process run of workflow ${workflowId}`;
	const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
	if (reason === 'cancelled') return `${target} was cancelled (${tries})`;
	if (reason === 'deadline') return `${target} did not succeed within its deadline (${tries})`;
	const detail = lastError instanceof Error ? lastError.message : String(lastError);
	return `${target} failed: ${detail} (${tries})`;
}
