import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { receiveCall } from './receive-call';

/**
 * The receiving end of a coordinated call: a webhook that starts this workflow with the caller's
 * body and the correlation ID that traces the call across workflows.
 */
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete -- the webhook lives in n8n itself, like n8n's own Webhook node: there is no third-party service to register it with.
export class CoordinationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Coordination Trigger',
		name: 'coordinationTrigger',
		icon: { light: 'file:coordinationTrigger.svg', dark: 'file:coordinationTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"POST /" + $parameter["path"]}}',
		description: 'Starts the workflow when another workflow calls it',
		defaults: {
			name: 'Coordination Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
				responseMode: '={{$parameter["responseMode"]}}',
				responseData: 'firstEntryJson',
			},
		],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'create-account',
				description:
					'The webhook path callers use: POST &lt;n8n URL&gt;/webhook/&lt;path&gt;. Must be unique on this n8n.',
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				default: 'lastNode',
				options: [
					{
						name: 'Immediately',
						value: 'onReceived',
						description: 'Acknowledge the call at once; the caller does not wait for the result',
					},
					{
						name: 'When Last Node Finishes',
						value: 'lastNode',
						description: "Answer with the first item of the workflow's last node",
					},
				],
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveCall(this);
	}
}
