import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	SIGNING_CREDENTIAL_TEST_NAME,
	testSigningCredential,
} from '../shared/call-target/signing-credential-test';
import { triggerWorkflow } from './trigger-workflow';
import { triggerWorkflowProperties } from './trigger-workflow-properties';

/**
 * The sending end of a coordinated call: starts another workflow over HTTP or in-process, waits
 * for its answer or fires and forgets, with retries, signing, a correlation ID and an idempotency key.
 */
export class TriggerWorkflow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trigger Workflow',
		name: 'triggerWorkflow',
		icon: { light: 'file:triggerWorkflow.svg', dark: 'file:triggerWorkflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["mode"] === "fireAndForget" ? "fire and forget" : "wait for result"}}',
		description: 'Starts another workflow and returns its answer',
		defaults: {
			name: 'Trigger Workflow',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		// Spelled out rather than built from the shared constants: n8n's lint rules read this literal.
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
		properties: triggerWorkflowProperties,
	};

	methods = {
		credentialTest: { [SIGNING_CREDENTIAL_TEST_NAME]: testSigningCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await triggerWorkflow(this);
	}
}
