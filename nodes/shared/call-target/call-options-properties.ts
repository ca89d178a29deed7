import type { INodeProperties } from 'n8n-workflow';

/**
 * The retry and timeout settings of a call, as one collection. Shared by Trigger Workflow and Fan
 * Out (where they apply to each branch), so the two nodes retry the same way.
 *
 * The defaults repeat lib/call's DEFAULT_RETRY_POLICY, DEFAULT_ATTEMPT_TIMEOUT_MS and
 * DEFAULT_DEADLINE_MS as literals because n8n's lint rules read them from the source; a unit test
 * (test/unit/nodes/call-target) keeps the two in step.
 */
export const retryCollection: INodeProperties = {
	displayName: 'Retry and Timeouts',
	name: 'retry',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	options: [
		{
			displayName: 'Attempt Timeout (Ms)',
			name: 'attemptTimeoutMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60000,
			description: 'An attempt that takes longer is aborted and, by the policy, retried',
		},
		{
			displayName: 'Deadline (Ms)',
			name: 'deadlineMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300000,
			description: 'Budget of the whole call, waits between attempts included',
		},
		{
			displayName: 'Initial Delay (Ms)',
			name: 'initialDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 500,
			description: 'Longest wait before the first retry; later waits grow by the multiplier',
		},
		{
			displayName: 'Jitter',
			name: 'jitter',
			type: 'options',
			default: 'full',
			options: [
				{
					name: 'Full',
					value: 'full',
					description:
						'Wait a random time up to the computed delay, so callers that failed together do not retry together',
				},
				{ name: 'None', value: 'none', description: 'Wait exactly the computed delay' },
			],
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 5,
			description: 'Tries in total, the first included; 1 means never retry',
		},
		{
			displayName: 'Max Delay (Ms)',
			name: 'maxDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 30000,
			description: 'No wait between attempts is longer, whatever the backoff or Retry-After says',
		},
		{
			displayName: 'Multiplier',
			name: 'multiplier',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 2 },
			default: 2,
			description: 'Growth of the delay from one retry to the next',
		},
		{
			displayName: 'Never Retry Statuses',
			name: 'neverRetryStatuses',
			type: 'string',
			default: '',
			placeholder: '409, 503',
			description:
				'HTTP statuses that are never retried, comma-separated. By default 429 and every 5xx are retried, other statuses are not.',
		},
	],
};

/** The collection's values as n8n hands them over; every field is optional. */
export interface RetrySettings {
	attemptTimeoutMs?: number;
	deadlineMs?: number;
	initialDelayMs?: number;
	jitter?: 'full' | 'none';
	maxAttempts?: number;
	maxDelayMs?: number;
	multiplier?: number;
	neverRetryStatuses?: string;
}
