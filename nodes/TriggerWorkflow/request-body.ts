import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JsonValue } from '../../lib/call';
import type { BodySource } from './trigger-workflow-properties';

/**
 * The body of the call made for one item: the item's JSON, or Custom Body.
 * @throws NodeOperationError naming Custom Body when it is not valid JSON.
 */
export function buildItemBody(
	context: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): JsonValue {
	const source = context.getNodeParameter('bodySource', itemIndex, 'itemJson') as BodySource;
	if (source === 'custom') return readCustomBody(context, itemIndex);
	return item.json as JsonValue;
}

/**
 * The body of one call carrying every item: the list of the items' JSON, or Custom Body read at
 * the first item (where an expression can still reach every item through `$input.all()`).
 * @throws NodeOperationError naming Custom Body when it is not valid JSON.
 */
export function buildAllItemsBody(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): JsonValue {
	const source = context.getNodeParameter('bodySource', 0, 'itemJson') as BodySource;
	if (source === 'custom') return readCustomBody(context, 0);
	return items.map((item) => item.json as JsonValue);
}

function readCustomBody(context: IExecuteFunctions, itemIndex: number): JsonValue {
	// A json parameter arrives as text when typed, as a value when an expression built it.
	const raw = context.getNodeParameter('customBody', itemIndex, '{}') as unknown;
	if (typeof raw !== 'string') return (raw ?? null) as JsonValue;

	try {
		return JSON.parse(raw) as JsonValue;
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Custom Body is not valid JSON: ${(error as Error).message}`,
			{
				itemIndex,
				description:
					'Enter a JSON value such as {"orderId": 42}, or build it with an expression, e.g. {{ { orderId: $json.id } }}.',
			},
		);
	}
}
