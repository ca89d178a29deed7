import type { INodeProperties } from 'n8n-workflow';

import { retryCollection, targetProperties } from '../shared/call-target';
import { storeLocationProperties } from '../shared/state-location';

/** Whether the node waits for the called workflow's answer. */
export type CallMode = 'wait' | 'fireAndForget';

/** One call per input item, or one call carrying every item. */
export type ItemMode = 'eachItem' | 'allItems';

/** Where the body of a call comes from. */
export type BodySource = 'itemJson' | 'custom';

/** The Options collection as n8n hands it over; every field is optional. */
export interface TriggerWorkflowOptions {
	correlationId?: string;
	idempotencyKey?: string;
	includeResponseMeta?: boolean;
	largePayloadThresholdBytes?: number;
	sendByReference?: boolean;
}

/** The parameters of Trigger Workflow, in the order the editor shows them. */
export const triggerWorkflowProperties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'wait',
		options: [
			{
				name: 'Wait for Result',
				value: 'wait',
				description: "Output the called workflow's answer",
			},
			{
				name: 'Fire and Forget',
				value: 'fireAndForget',
				description:
					'Output the acknowledgement as soon as the call is accepted; the called workflow runs on',
			},
		],
	},
	{
		displayName: 'Run',
		name: 'itemMode',
		type: 'options',
		default: 'eachItem',
		options: [
			{
				name: 'Once for Each Item',
				value: 'eachItem',
				description: 'One call per input item, one after the other',
			},
			{
				name: 'Once With All Items',
				value: 'allItems',
				description: 'One call whose body is the list of every input item',
			},
		],
	},
	{
		displayName: 'Body',
		name: 'bodySource',
		type: 'options',
		default: 'itemJson',
		options: [
			{
				name: 'Input Item JSON',
				value: 'itemJson',
				description: "Send the input item's JSON as it is",
			},
			{
				name: 'Custom JSON',
				value: 'custom',
				description: 'Send the JSON given below',
			},
		],
	},
	{
		displayName: 'Custom Body',
		name: 'customBody',
		type: 'json',
		default: '{}',
		displayOptions: { show: { bodySource: ['custom'] } },
		description: 'The JSON the called workflow receives as its body; expressions may build it',
	},
	retryCollection,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Correlation ID',
				name: 'correlationId',
				type: 'string',
				default: '',
				description:
					"Traces the call across workflows. Leave empty to continue the input item's correlationId, or start a new one.",
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Names this request so the receiver runs it only once. Leave empty for a key derived from the correlation ID, the target, this node and the item, the same on every retry and re-run.',
			},
			{
				displayName: 'Include Response Status and Headers',
				name: 'includeResponseMeta',
				type: 'boolean',
				default: false,
				description: 'Whether to add the HTTP status and response headers to the output',
			},
			{
				displayName: 'Large Payload Threshold (Bytes)',
				name: 'largePayloadThresholdBytes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'A body larger than this is kept in the store below and sent as a reference the Coordination Trigger resolves. 0 sends every body inline.',
			},
			{
				displayName: 'Send Body by Reference',
				name: 'sendByReference',
				type: 'boolean',
				default: false,
				description:
					'Whether to always keep the body in the store below and send only a reference (the receiver must be a Coordination Trigger using the same store)',
			},
		],
	},
	...storeLocationProperties('a body sent by reference'),
];
