import type { INodeProperties } from 'n8n-workflow';

import { storeLocationProperties } from '../shared/state-location';

/** Operations that write a value, and so take a time to live. */
const WRITES_VALUE = ['set', 'merge', 'increment', 'append', 'compareAndSet'];
/** Operations that address one key. */
const KEYED = ['get', 'delete', ...WRITES_VALUE];
/** Operations that take a JSON value (Merge takes a patch instead). */
const TAKES_VALUE = ['set', 'append', 'compareAndSet'];

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'get',
	options: [
		{
			name: 'Append',
			value: 'append',
			description: 'Add an element to the array at a path, atomically',
			action: 'Append to an array',
		},
		{
			name: 'Compare-and-Set',
			value: 'compareAndSet',
			description: 'Replace the value only if its version is the expected one',
			action: 'Compare and set a value',
		},
		{ name: 'Delete', value: 'delete', description: 'Remove a key', action: 'Delete a key' },
		{ name: 'Get', value: 'get', description: 'Read the value of a key', action: 'Get a value' },
		{
			name: 'Increment',
			value: 'increment',
			description: 'Add to the number at a path, atomically',
			action: 'Increment a number',
		},
		{
			name: 'List',
			value: 'list',
			description: 'Read the records of a namespace, optionally by key prefix',
			action: 'List records',
		},
		{
			name: 'Merge',
			value: 'merge',
			description: 'Deep-merge fields into the stored object; null removes a field',
			action: 'Merge into a value',
		},
		{ name: 'Set', value: 'set', description: 'Replace the whole value', action: 'Set a value' },
	],
};

const keyAndValue: INodeProperties[] = [
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

const operationFields: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'counters.visits',
		description:
			'Where in the value: dot-separated keys with optional array indexes such as items[0].count. Empty: the value itself.',
		displayOptions: { show: { operation: ['increment', 'append'] } },
	},
	{
		displayName: 'By',
		name: 'by',
		type: 'number',
		default: 1,
		description: 'The amount to add; negative to subtract',
		displayOptions: { show: { operation: ['increment'] } },
	},
	{
		displayName: 'Max Length',
		name: 'maxLength',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Keep at most this many elements, dropping the oldest; 0 keeps them all',
		displayOptions: { show: { operation: ['append'] } },
	},
	{
		displayName: 'Expected Version',
		name: 'expectedVersion',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Write only if the stored version is this one (as read with Get); 0 writes only if the key does not exist yet',
		displayOptions: { show: { operation: ['compareAndSet'] } },
	},
	{
		displayName: 'On Conflict',
		name: 'onConflict',
		type: 'options',
		noDataExpression: true,
		default: 'error',
		description: 'What to do when the version does not match; nothing is written either way',
		displayOptions: { show: { operation: ['compareAndSet'] } },
		options: [
			{ name: 'Error', value: 'error', description: 'Fail the item' },
			{
				name: 'Send to Conflict Output',
				value: 'output',
				description: 'Put out the current record on a second output named Conflict',
			},
		],
	},
	{
		displayName: 'On Missing Key',
		name: 'onMissing',
		type: 'options',
		default: 'empty',
		displayOptions: { show: { operation: ['get'] } },
		options: [
			{
				name: 'Return Nothing',
				value: 'empty',
				description: 'No output item for that key',
			},
			{
				name: 'Return Empty Record',
				value: 'emptyRecord',
				description: 'An item with value null, version 0 and found false',
			},
			{ name: 'Error', value: 'error', description: 'Fail the item' },
		],
	},
];

const listFields: INodeProperties[] = [
	{
		displayName: 'Key Prefix',
		name: 'keyPrefix',
		type: 'string',
		default: '',
		placeholder: 'run:',
		description: 'Only keys that start with this text',
		displayOptions: { show: { operation: ['list'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { operation: ['list'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['list'], returnAll: [false] } },
	},
	{
		displayName: 'After Key',
		name: 'afterKey',
		type: 'string',
		default: '',
		description:
			'Start after this key: the last key of the previous page. Empty: from the first key.',
		displayOptions: { show: { operation: ['list'], returnAll: [false] } },
	},
];

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: WRITES_VALUE } },
	options: [
		{
			displayName: 'Time to Live (Seconds)',
			name: 'ttlSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'The record expires this long after this write: it is no longer read and is deleted soon after. 0: never expires.',
		},
	],
};

/** Every parameter of the Shared State node, in the order the editor shows them. */
export const sharedStateProperties: INodeProperties[] = [
	...storeLocationProperties('shared state'),
	operation,
	...keyAndValue,
	...operationFields,
	...listFields,
	options,
];
