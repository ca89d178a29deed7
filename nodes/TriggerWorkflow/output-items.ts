import type {
	IDataObject,
	INodeExecutionData,
	IPairedItemData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { PayloadReference } from '../../lib/protocol/payload-reference';
import {
	callFailureDetails,
	type InvocationResult,
	type ResolvedTarget,
} from '../shared/call-target';
import type { CallIdentity } from './call-identity';

/** What one finished call puts in its output item. */
export interface CallSuccess {
	result: InvocationResult;
	identity: CallIdentity;
	target: ResolvedTarget;
	pairedItem: IPairedItemData | IPairedItemData[];
	includeResponseMeta: boolean;
	reference?: PayloadReference;
}

/**
 * The output item of a call: the answer (or acknowledgement) with the trace fields. An in-process
 * call also carries n8n's sub-execution metadata, so the editor links to the child run.
 */
export function successItem(success: CallSuccess): INodeExecutionData {
	const { result, identity } = success;
	const json: IDataObject = {
		response: result.body as IDataObject,
		correlationId: identity.correlationId,
		idempotencyKey: identity.idempotencyKey,
		attempts: result.attempts,
		durationMs: result.durationMs,
		attemptLog: result.attemptLog as unknown as IDataObject[],
	};
	if (success.includeResponseMeta && result.status !== undefined) {
		json.status = result.status;
		json.headers = result.headers ?? {};
	}
	if (result.childExecutionId !== undefined) json.childExecutionId = result.childExecutionId;
	if (success.reference) {
		json.payloadReference = {
			namespace: success.reference.namespace,
			key: success.reference.key,
			bytes: success.reference.bytes,
		};
	}

	const item: INodeExecutionData = { json, pairedItem: success.pairedItem };
	if (success.target.kind === 'workflow' && result.childExecutionId !== undefined) {
		item.metadata = {
			subExecution: {
				executionId: result.childExecutionId,
				workflowId: success.target.workflowId,
			},
		};
	}
	return item;
}

/** Which output a failed item goes to, by the node's On Error setting. */
export type ErrorRouting = 'regularOutput' | 'errorOutput';

/**
 * The item a failed call leaves with Continue On Fail: `{ error, correlationId, idempotencyKey }`.
 *
 * For the error output n8n moves only items whose JSON has no key but `error` (an item carrying
 * an n8n error object would do too, but n8n then replaces its JSON with the bare message). So
 * there the trace fields travel inside `error`, and n8n adds the input item's fields around it.
 * They are inside `error` on the regular output as well, so a workflow reads them one way.
 */
export function errorItem(
	nodeError: NodeApiError | NodeOperationError,
	cause: unknown,
	identity: Partial<CallIdentity>,
	pairedItem: IPairedItemData | IPairedItemData[],
	routing: ErrorRouting,
): INodeExecutionData {
	const error: IDataObject = { ...callFailureDetails(cause) };
	if (nodeError.description) error.description = nodeError.description;
	if (identity.correlationId !== undefined) error.correlationId = identity.correlationId;
	if (identity.idempotencyKey !== undefined) error.idempotencyKey = identity.idempotencyKey;
	if (routing === 'errorOutput') return { json: { error }, pairedItem };

	const json: IDataObject = { error };
	if (identity.correlationId !== undefined) json.correlationId = identity.correlationId;
	if (identity.idempotencyKey !== undefined) json.idempotencyKey = identity.idempotencyKey;
	return { json, pairedItem };
}
