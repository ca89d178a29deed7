import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { containsExpression } from '../shared/parameter-expressions';

/**
 * What an operation needs to know about one input item: its index, its JSON and the node's
 * parameters as n8n resolves them for that item. Operations read through this instead of the n8n
 * context so that the parameter-to-mutation mapping can be tested without n8n.
 */
export interface ItemReader {
	readonly itemIndex: number;
	readonly json: IDataObject;
	/** The parameter for this item (expressions evaluated), or `fallback` when it is not set. */
	parameter(name: string, fallback?: unknown): unknown;
}

/** Readers for every input item of a node run. */
export function itemReaders(context: IExecuteFunctions): ItemReader[] {
	// A parameter the node stores without any expression resolves to the same value for every item,
	// so it is resolved once for the run: n8n's per-item resolution adds up over thousands of items.
	const sameForEveryItem = new Map<string, unknown>();
	const storedParameters = context.getNode().parameters;
	return context.getInputData().map((item, itemIndex) => {
		// Several field readers ask for the same parameter (Key and Value From, for one); n8n would
		// resolve it again each time, which adds up over thousands of items. Made on first need:
		// with plain parameters no item needs one.
		let resolved: Map<string, unknown> | undefined;
		return {
			itemIndex,
			json: item.json,
			parameter: (name: string, fallback?: unknown) => {
				if (sameForEveryItem.has(name)) return sameForEveryItem.get(name);
				resolved ??= new Map();
				if (!resolved.has(name)) {
					const value = context.getNodeParameter(name, itemIndex, fallback);
					resolved.set(name, value);
					if (isPlainStoredValue(storedParameters, name)) sameForEveryItem.set(name, value);
				}
				return resolved.get(name);
			},
		};
	});
}

/**
 * True when the node stores `name` (a dotted path such as `options.ttlSeconds`) as a value with no
 * expression anywhere in it. A parameter the node does not store is not vouched for: its default
 * could be an expression.
 */
function isPlainStoredValue(parameters: INodeParameters | undefined, name: string): boolean {
	let value: unknown = parameters;
	for (const step of name.split('.')) {
		if (typeof value !== 'object' || value === null || !(step in value)) return false;
		value = (value as Record<string, unknown>)[step];
	}
	return value !== undefined && !containsExpression(value);
}
