import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	callWithRetry,
	type AttemptRecord,
	type CallOptions,
	type JsonValue,
} from '../../../lib/call';
import { HEADERS, RESPOND_ASYNC } from '../../../lib/protocol/headers';
import { runWorkflowInProcess } from './run-in-process';
import type { ResolvedTarget } from './resolve-target';

/** One call to another workflow, whatever the target kind. */
export interface TargetInvocation {
	target: ResolvedTarget;
	/** What the called workflow receives as `body`. */
	body: JsonValue;
	correlationId: string;
	idempotencyKey: string;
	/** Signs HTTP calls; in-process runs need no signature. */
	signingSecret?: string;
	/** false: fire and forget. Over HTTP the receiver is asked to acknowledge at once. */
	waitForResult: boolean;
	/** Extra HTTP headers (e.g. from the node's options). */
	headers?: Record<string, string>;
}

/** What a call produced. */
export interface InvocationResult {
	/** The called workflow's answer; for fire and forget, the acknowledgement. */
	body: JsonValue;
	/** HTTP only. */
	status?: number;
	/** HTTP only; lower-case names. */
	headers?: Record<string, string>;
	/** In-process only: the child execution, as n8n's execution list shows it. */
	childExecutionId?: string;
	attempts: number;
	durationMs: number;
	attemptLog: AttemptRecord[];
}

/**
 * Calls the target once (with retries): over HTTP through the shared call machinery, or in-process
 * through n8n's `executeWorkflow`, linked to this execution so the editor shows the child run.
 * The correlation ID, idempotency key and caller's execution travel with both kinds.
 * @throws CallFailedError when every allowed attempt failed; InvalidCallOptionError for unusable options.
 */
export async function invokeTarget(
	context: IExecuteFunctions,
	invocation: TargetInvocation,
	options: CallOptions,
): Promise<InvocationResult> {
	// Both can be missing in a manual run of an unsaved workflow; an empty value is not sent.
	const caller = {
		executionId: String(context.getExecutionId() ?? ''),
		workflowId: String(context.getWorkflow().id ?? ''),
	};

	if (invocation.target.kind === 'workflow') {
		const childItem: INodeExecutionData = {
			json: {
				body: invocation.body,
				correlationId: invocation.correlationId,
				idempotencyKey: invocation.idempotencyKey,
				calledBy: caller,
			},
		};
		return await runWorkflowInProcess(context, {
			workflowId: invocation.target.workflowId,
			items: [childItem],
			waitForResult: invocation.waitForResult,
			options,
		});
	}

	const result = await callWithRetry(
		{
			url: invocation.target.url,
			method: invocation.target.method,
			body: invocation.body,
			correlationId: invocation.correlationId,
			idempotencyKey: invocation.idempotencyKey,
			signingSecret: invocation.signingSecret || undefined,
			headers: {
				...invocation.headers,
				...(caller.executionId ? { [HEADERS.callerExecutionId]: caller.executionId } : {}),
				...(caller.workflowId ? { [HEADERS.callerWorkflowId]: caller.workflowId } : {}),
				...(invocation.waitForResult ? {} : { [HEADERS.prefer]: RESPOND_ASYNC }),
			},
		},
		options,
	);
	return {
		body: result.body,
		status: result.status,
		headers: result.headers,
		attempts: result.attempts,
		durationMs: result.durationMs,
		attemptLog: result.attemptLog,
	};
}
