import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { itemReaders } from '../../../../nodes/SharedState/item-reader';

/** A context whose node stores `stored` and whose resolution is counted per parameter. */
function countingContext(stored: INodeParameters, itemCount: number) {
	const calls = new Map<string, number[]>();
	const context = {
		getNode: () => ({ parameters: stored }),
		getInputData: () => Array.from({ length: itemCount }, (_, index) => ({ json: { index } })),
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.set(name, [...(calls.get(name) ?? []), itemIndex]);
			return `${name} for item ${itemIndex}`;
		},
	};
	return { context: context as unknown as IExecuteFunctions, calls };
}

describe('itemReaders', () => {
	it('resolves a parameter stored without an expression once, for every item', () => {
		const { context, calls } = countingContext(
			{ namespace: 'orders', options: { ttlSeconds: 60 } },
			3,
		);
		const values = itemReaders(context).map((reader) => [
			reader.parameter('namespace'),
			reader.parameter('options.ttlSeconds'),
		]);

		expect(calls.get('namespace')).toEqual([0]);
		expect(calls.get('options.ttlSeconds')).toEqual([0]);
		expect(values).toEqual(
			Array(3).fill(['namespace for item 0', 'options.ttlSeconds for item 0']),
		);
	});

	it('resolves expressions and parameters the node does not store for each item', () => {
		const { context, calls } = countingContext(
			{ key: '={{ $json.index }}', options: { extra: ['a', '={{ $itemIndex }}'] } },
			3,
		);
		const values = itemReaders(context).map((reader) => [
			reader.parameter('key'),
			reader.parameter('key'),
			reader.parameter('options'),
			reader.parameter('keyField'),
		]);

		expect(calls.get('key')).toEqual([0, 1, 2]);
		expect(calls.get('options')).toEqual([0, 1, 2]);
		expect(calls.get('keyField')).toEqual([0, 1, 2]);
		expect(values[2]).toEqual([
			'key for item 2',
			'key for item 2',
			'options for item 2',
			'keyField for item 2',
		]);
	});
});
