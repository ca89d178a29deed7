import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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
	return context.getInputData().map((item, itemIndex) => {
		// Several field readers ask for the same parameter (Key and Value From, for one); n8n would
		// resolve it again each time, which adds up over thousands of items.
		const resolved = new Map<string, unknown>();
		return {
			itemIndex,
			json: item.json,
			parameter: (name: string, fallback?: unknown) => {
				if (!resolved.has(name)) {
					resolved.set(name, context.getNodeParameter(name, itemIndex, fallback));
				}
				return resolved.get(name);
			},
		};
	});
}
