import type { INodeProperties } from 'n8n-workflow';

import { storeLocationProperties } from '../../shared/state-location';
import { keyAndValue } from './key-and-value';
import { WRITES_VALUE, operation } from './operation';
import { listFields, operationFields } from './operation-fields';

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
