import type { INodeProperties } from 'n8n-workflow';

import { KEYED, TAKES_VALUE } from './operation';

/** Namespace, key and value: where they come from (the fields, or input item fields) and what they are. */
export const keyAndValue: INodeProperties[] = [
	{
		displayName: 'Namespace',
		name: 'namespace',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'orders',
		description: 'Groups keys, like a folder. Workflows that share state use the same namespace.',
	},
	{
		displayName: 'Key and Value From',
		name: 'dataSource',
		type: 'options',
		noDataExpression: true,
		default: 'parameters',
		displayOptions: { show: { operation: KEYED } },
		options: [
			{
				name: 'Fields Below',
				value: 'parameters',
				description: 'Set the key and value in this node; expressions are allowed',
			},
			{
				name: 'Input Item Fields',
				value: 'inputItems',
				description:
					'Read the key and value from fields of each input item, without expressions: fastest for thousands of items',
			},
		],
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'run:{{ $json.correlationId }}',
		description: 'The record to work on; at most 255 characters',
		displayOptions: { show: { operation: KEYED, dataSource: ['parameters'] } },
	},
	{
		displayName: 'Key Field',
		name: 'keyField',
		type: 'string',
		default: 'key',
		description: 'The input item field that holds the key; dots reach nested fields',
		displayOptions: { show: { operation: KEYED, dataSource: ['inputItems'] } },
	},
	{
		displayName: 'Value Field',
		name: 'valueField',
		type: 'string',
		default: '',
		placeholder: 'value',
		description:
			'The input item field that holds the value (for Merge: the fields to merge). Leave empty to use the whole input item.',
		displayOptions: {
			show: { operation: [...TAKES_VALUE, 'merge'], dataSource: ['inputItems'] },
		},
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'json',
		default: '{}',
		description:
			'The JSON to store (Append: the element to add). Text needs double quotes, e.g. "done".',
		displayOptions: { show: { operation: TAKES_VALUE, dataSource: ['parameters'] } },
	},
	{
		displayName: 'Patch',
		name: 'patch',
		type: 'json',
		default: '{}',
		description:
			'A JSON object merged into the stored object: nested objects merge, null removes a field, anything else replaces',
		displayOptions: { show: { operation: ['merge'], dataSource: ['parameters'] } },
	},
];
