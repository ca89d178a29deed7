import type { INodeProperties } from 'n8n-workflow';

/** Operations that write a value, and so take a time to live. */
export const WRITES_VALUE = ['set', 'merge', 'increment', 'append', 'compareAndSet'];
/** Operations that address one key. */
export const KEYED = ['get', 'delete', ...WRITES_VALUE];
/** Operations that take a JSON value (Merge takes a patch instead). */
export const TAKES_VALUE = ['set', 'append', 'compareAndSet'];

/** The Operation selector. */
export const operation: INodeProperties = {
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
