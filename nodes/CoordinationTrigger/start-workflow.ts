import type { ServerResponse } from 'node:http';

import type { IDataObject, INodeExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { sendAnswer } from './call-answers';
import type { IncomingCall } from './classify-request';
import type { ResponseMode } from './read-settings';

/** The item the workflow starts with; the field names are part of the package's contract. */
export function triggerItem(
	call: IncomingCall,
	body: unknown,
	receivedAt: Date = new Date(),
): INodeExecutionData {
	const { executionId, workflowId } = call.caller;
	const json: IDataObject = {
		body: body as IDataObject,
		correlationId: call.correlationId,
		idempotencyKey: call.idempotencyKey,
		// Not `caller`: n8n's expression sandbox refuses that property name, so $json.caller would fail.
		calledBy: executionId === null && workflowId === null ? null : { executionId, workflowId },
		receivedAt: receivedAt.toISOString(),
	};
	return { json };
}

/**
 * Hands the item to n8n. A caller that prefers an asynchronous answer, and every caller in
 * "Immediately" mode, is acknowledged here, before the run, and n8n is told not to answer
 * (it still runs the workflow). Otherwise n8n answers when the last node or a Respond to Webhook
 * node has the result.
 */
export function startWorkflow(
	response: ServerResponse,
	call: IncomingCall,
	body: unknown,
	responseMode: ResponseMode,
): IWebhookResponseData {
	const workflowData = [[triggerItem(call, body)]];
	if (!call.respondAsync && responseMode !== 'onReceived') return { workflowData };

	sendAnswer(response, {
		status: call.respondAsync ? 202 : 200,
		body: {
			accepted: true,
			correlationId: call.correlationId,
			idempotencyKey: call.idempotencyKey,
		},
	});
	return { workflowData, noWebhookResponse: true };
}
