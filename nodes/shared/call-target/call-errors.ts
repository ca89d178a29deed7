import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CallFailedError, InvalidCallOptionError } from '../../../lib/call';

/** How the nodes name the call options in messages: the labels a user sees in the editor. */
const OPTION_LABELS: Record<string, string> = {
	maxAttempts: 'Retry and Timeouts > Max Attempts',
	initialDelayMs: 'Retry and Timeouts > Initial Delay (Ms)',
	multiplier: 'Retry and Timeouts > Multiplier',
	maxDelayMs: 'Retry and Timeouts > Max Delay (Ms)',
	jitter: 'Retry and Timeouts > Jitter',
	attemptTimeoutMs: 'Retry and Timeouts > Attempt Timeout (Ms)',
	deadlineMs: 'Retry and Timeouts > Deadline (Ms)',
	neverRetryStatuses: 'Retry and Timeouts > Never Retry Statuses',
	idempotencyKey: 'Idempotency Key',
	correlationId: 'Correlation ID',
	signingSecret: "the signing credential's Shared Secret",
	url: 'Webhook URL',
	body: 'Body',
};

/**
 * The n8n error for a failed call: NodeApiError when the remote failed (with its status and the
 * start of its answer), NodeOperationError when the node's settings were unusable.
 */
export function callErrorToNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof CallFailedError) {
		const apiError = new NodeApiError(node, callFailureDetails(error) as JsonObject, {
			itemIndex,
			message: error.message,
			httpCode: error.status === undefined ? undefined : String(error.status),
			description: describeCallFailure(error),
		});
		// NodeApiError swaps a message that mentions a Node error code (ECONNREFUSED...) for a
		// generic sentence; ours already names the code, the URL and the attempts, so keep it.
		apiError.message = error.message;
		return apiError;
	}
	if (error instanceof InvalidCallOptionError) {
		const label = OPTION_LABELS[error.option] ?? error.option;
		return new NodeOperationError(node, `${label}: ${error.message}`, {
			itemIndex,
			description: `Correct ${label} in the node's settings.`,
		});
	}
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/** What an error item carries (Continue On Fail), and the JSON a NodeApiError keeps. */
export function callFailureDetails(error: unknown): IDataObject {
	if (error instanceof CallFailedError) {
		return {
			message: error.message,
			reason: error.reason,
			...(error.status === undefined ? {} : { status: error.status }),
			...(error.bodyExcerpt === undefined ? {} : { bodyExcerpt: error.bodyExcerpt }),
			attempts: error.attempts,
			durationMs: error.durationMs,
			attemptLog: error.attemptLog as unknown as IDataObject[],
		};
	}
	return { message: error instanceof Error ? error.message : String(error) };
}

function describeCallFailure(error: CallFailedError): string {
	switch (error.reason) {
		case 'status':
			return error.bodyExcerpt
				? `The called workflow answered: ${error.bodyExcerpt}`
				: "Check the called workflow's executions for the cause.";
		case 'network':
			return 'Check the URL or path, and that the called n8n is running and reachable from this one.';
		case 'timeout':
			return 'Raise Retry and Timeouts > Attempt Timeout, or make the called workflow answer sooner (e.g. respond immediately and report later).';
		case 'deadline':
			return 'Raise Retry and Timeouts > Deadline, or lower Max Attempts and Max Delay.';
		case 'cancelled':
			return 'The execution was stopped while the call was in flight.';
		case 'workflow':
			return "Open the child execution in the called workflow's executions list to see which node failed.";
	}
}
