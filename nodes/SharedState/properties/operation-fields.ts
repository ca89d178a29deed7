import type { INodeProperties } from 'n8n-workflow';

/** The fields only some operations show: Merge's patch, Increment, Append, Compare-and-Set, Get. */
export const operationFields: INodeProperties[] = [
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

/** List's fields: prefix and paging. */
export const listFields: INodeProperties[] = [
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
