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

/**
 * The item a failed call leaves with Continue On Fail. The n8n error rides along as `error`, which
 * is how n8n routes the item to the error output when On Error is "continue (using error output)".
 */
export function errorItem(
	nodeError: NodeApiError | NodeOperationError,
	cause: unknown,
	identity: Partial<CallIdentity>,
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData {
	const error: IDataObject = { ...callFailureDetails(cause) };
	if (nodeError.description) error.description = nodeError.description;
	const json: IDataObject = { error };
	if (identity.correlationId !== undefined) json.correlationId = identity.correlationId;
	if (identity.idempotencyKey !== undefined) json.idempotencyKey = identity.idempotencyKey;
	return { json, error: nodeError, pairedItem };
}
