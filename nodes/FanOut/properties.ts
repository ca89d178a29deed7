import type { INodeProperties } from 'n8n-workflow';

import { retryCollection, targetProperties } from '../shared/call-target';

/** How the run is judged done; `none` returns at once and lets the branches run on. */
export type CompletionSetting = 'all' | 'firstSuccess' | 'quorum' | 'none';

/** What failed branches do to the run; offered with `all` and `none` only. */
export type FailurePolicySetting = 'failFast' | 'tolerate' | 'never';

/** The Options collection as n8n hands it over; every field is optional. */
export interface FanOutOptionSettings {
	branchTimeoutMs?: number;
	deadlineMs?: number;
	ratePerSecond?: number;
	includeSummary?: boolean;
	progressIntervalMs?: number;
	compensationPath?: string;
	compensationUrl?: string;
	compensationWorkflowId?: string;
	compensationTimeoutMs?: number;
}

const runProperties: INodeProperties[] = [
	{
		displayName: 'List Field',
		name: 'listField',
		type: 'string',
		default: '',
		placeholder: 'e.g. orders',
		description:
			'Leave empty for one branch per input item. Otherwise the name (or dot path) of an array field of the first item: one branch per element, and the element is the body.',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 8,
		description:
			'Most branches in flight at once; a new one starts as soon as one ends. On a small n8n, 4-16 is usually the best.',
	},
	{
		displayName: 'Completion',
		name: 'completion',
		type: 'options',
		default: 'all',
		options: [
			{
				name: 'All',
				value: 'all',
				description: 'Wait until every branch has ended',
			},
			{
				name: 'First Success',
				value: 'firstSuccess',
				description: 'Stop at the first branch that succeeds and cancel the others',
			},
			{
				name: 'Quorum',
				value: 'quorum',
				description: 'Stop once a number of branches have succeeded and cancel the others',
			},
			{
				name: 'None (Fire and Forget)',
				value: 'none',
				description:
					'Output one acknowledgement per branch at once; the branches run on after this execution ends',
			},
		],
	},
	{
		displayName: 'Quorum',
		name: 'quorum',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 2,
		displayOptions: { show: { completion: ['quorum'] } },
		description: 'How many branches must succeed',
	},
	{
		displayName: 'Failure Policy',
		name: 'failurePolicy',
		type: 'options',
		default: 'failFast',
		displayOptions: { show: { completion: ['all', 'none'] } },
		options: [
			{
				name: 'Fail Fast',
				value: 'failFast',
				description: 'The first failed branch fails the run: running branches are cancelled',
			},
			{
				name: 'Tolerate Some',
				value: 'tolerate',
				description: 'Fail the run only when more branches fail than the limits below allow',
			},
			{
				name: 'Never',
				value: 'never',
				description: 'Run every branch; failures only go to the Failure output',
			},
		],
	},
	{
		displayName: 'Max Failures',
		name: 'maxFailures',
		type: 'number',
		typeOptions: { minValue: -1 },
		default: 1,
		displayOptions: { show: { completion: ['all', 'none'], failurePolicy: ['tolerate'] } },
		description:
			'Most failed branches tolerated; one more fails the run. -1 means no limit by count.',
	},
	{
		displayName: 'Max Failure Percent',
		name: 'maxFailurePercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 100,
		displayOptions: { show: { completion: ['all', 'none'], failurePolicy: ['tolerate'] } },
		description:
			'Largest share of all branches that may fail; more fails the run. 100 means no limit by share.',
	},
];

const optionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Branch Timeout (Ms)',
			name: 'branchTimeoutMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60000,
			description: 'A branch running longer is cancelled and counts as failed, retries included',
		},
		{
			displayName: 'Compensation Path',
			name: 'compensationPath',
			type: 'string',
			default: '',
			placeholder: 'e.g. undo-create-account',
			description:
				'Webhook path on this n8n called for each succeeded branch, latest first, when the run fails',
		},
		{
			displayName: 'Compensation Timeout (Ms)',
			name: 'compensationTimeoutMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description:
				'A compensation running longer is abandoned, reported as failed, and the next one starts',
		},
		{
			displayName: 'Compensation URL',
			name: 'compensationUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/undo-create-account',
			description: 'Webhook URL called for each succeeded branch, latest first, when the run fails',
		},
		{
			displayName: 'Compensation Workflow ID',
			name: 'compensationWorkflowId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3hUX1sYQm0u4cDkL',
			description:
				'Workflow run in-process for each succeeded branch, latest first, when the run fails',
		},
		{
			displayName: 'Deadline (Ms)',
			name: 'deadlineMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600000,
			description:
				'Budget of the whole fan-out: when it passes, running branches are cancelled, the rest skipped, and the run fails',
		},
		{
			displayName: 'Include Summary',
			name: 'includeSummary',
			type: 'boolean',
			default: false,
			description:
				'Whether to add one item flagged summary: true at the end of the Success output, with counts and p50/p95 durations',
		},
		{
			displayName: 'Progress Log Interval (Ms)',
			name: 'progressIntervalMs',
			type: 'number',
			typeOptions: { minValue: 100 },
			default: 5000,
			description: "How often a long run writes a progress line to n8n's log",
		},
		{
			displayName: 'Rate Limit (Per Second)',
			name: 'ratePerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: 'Most branch starts per second, on top of Concurrency. 0 means no limit.',
		},
	],
};

/** Every parameter of the node, in the order the editor shows them. */
export const fanOutProperties: INodeProperties[] = [
	...targetProperties,
	...runProperties,
	retryCollection,
	optionsCollection,
];
