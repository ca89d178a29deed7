import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	SIGNING_CREDENTIAL_TEST_NAME,
	testSigningCredential,
} from '../shared/call-target/signing-credential-test';
import { storeLocationProperties } from '../shared/state-location';
import { optionsProperty } from './options-properties';
import { receiveCall } from './receive-call';

/**
 * The receiving end of a coordinated call: a webhook that checks the caller's signature, refuses
 * replays, runs a repeated request only once, and starts this workflow with the caller's body and
 * the correlation ID that traces the call across workflows.
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
		// Literal entries, not the shared constants: n8n's lint rules read this array statically.
		credentials: [
			{
				name: 'workflowCoordinationSigningApi',
				required: false,
				testedBy: 'workflowCoordinationSigningTest',
			},
			{
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references -- the team's choice (see nodes/shared/state-location.ts): n8n's own Postgres credential, which users already have, holds the store's connection.
				name: 'postgres',
				required: true,
				displayOptions: { show: { store: ['postgres'] } },
			},
		],
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
					{
						name: "Using 'Respond to Webhook' Node",
						value: 'responseNode',
						description:
							'Answer from a Respond to Webhook node (type version 1), which can set the status code',
					},
				],
			},
			...storeLocationProperties('the record of signatures, idempotency keys and large payloads'),
			optionsProperty,
		],
	};

	methods = {
		credentialTest: { [SIGNING_CREDENTIAL_TEST_NAME]: testSigningCredential },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveCall(this);
	}
}
