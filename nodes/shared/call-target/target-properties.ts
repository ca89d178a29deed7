import type { INodeProperties } from 'n8n-workflow';

/** How a call reaches the workflow it starts. */
export type TargetKind = 'url' | 'path' | 'workflow';

/**
 * The parameters that name the workflow to call. Shared by Trigger Workflow and Fan Out, so both
 * nodes read the same fields the same way. Every field accepts an expression, so each item can
 * call a different workflow.
 */
export const targetProperties: INodeProperties[] = [
	{
		displayName: 'Target',
		name: 'target',
		type: 'options',
		default: 'path',
		options: [
			{
				name: 'Path on This N8n',
				value: 'path',
				description:
					"A webhook path of a workflow on this n8n (or on the credential's Base URL), e.g. create-account",
			},
			{
				name: 'Webhook URL',
				value: 'url',
				description: 'Any http(s) URL of a workflow webhook',
			},
			{
				name: 'Workflow ID (In-Process)',
				value: 'workflow',
				description:
					'Runs the workflow inside this n8n without HTTP; it starts with an Execute Workflow Trigger and must be published',
			},
		],
	},
	{
		displayName: 'Webhook Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'create-account',
		displayOptions: { show: { target: ['path'] } },
		description: 'The path after /webhook/ of the workflow to call',
	},
	{
		displayName: 'Webhook URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/create-account',
		displayOptions: { show: { target: ['url'] } },
		description:
			"An http(s) URL. A URL starting with / (e.g. /webhook/mock-crm) is on this n8n, or on the signing credential's Base URL.",
	},
	{
		displayName: 'Workflow ID',
		name: 'workflowId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3hUX1sYQm0u4cDkL',
		displayOptions: { show: { target: ['workflow'] } },
		description:
			"The ID in the workflow's URL (…/workflow/&lt;ID&gt;). The workflow must start with an Execute Workflow Trigger.",
	},
	{
		displayName: 'HTTP Method',
		name: 'method',
		type: 'options',
		default: 'POST',
		displayOptions: { show: { target: ['path', 'url'] } },
		options: [
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
			{ name: 'PATCH', value: 'PATCH' },
		],
	},
];
