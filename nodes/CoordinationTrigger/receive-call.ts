import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { resolveCorrelationId } from '../../lib/protocol/correlation';
import { HEADERS } from '../../lib/protocol/headers';

/** Turns one incoming call into the item that starts the workflow. */
export async function receiveCall(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const correlationId = resolveCorrelationId(request.headers[HEADERS.correlationId]);
	const body = (context.getBodyData() ?? {}) as IDataObject;

	context.logger.debug('CoordinationTrigger: call received', {
		correlationId,
		workflowId: context.getWorkflow().id,
	});

	return {
		workflowData: [
			[
				{
					json: {
						body,
						correlationId,
						receivedAt: new Date().toISOString(),
					},
				},
			],
		],
	};
}
