import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The shared secret that signs calls between workflows, and where the called workflows live.
 * The same credential is chosen on the calling node (Trigger Workflow, Fan Out) and on the
 * receiving Coordination Trigger: both ends must hold the same secret.
 */
export class WorkflowCoordinationSigningApi implements ICredentialType {
	name = 'workflowCoordinationSigningApi';

	displayName = 'Workflow Coordination Signing API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-workflow-coordination';

	icon = 'file:workflowCoordinationSigningApi.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Shared Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Signs every call (HMAC-SHA256 over timestamp and body). Use a long random value, e.g. the output of "openssl rand -hex 32", and the same value on the caller and the receiver.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:5678',
			description:
				"The n8n that hosts the workflows called by path. Leave empty to use this n8n's own webhook URL.",
		},
	];
}
