import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { StateRecord, StateStore } from '../../../lib/state';
import type { ItemResult } from '../batch-writes';
import type { ItemReader } from '../item-reader';
import { toItemError } from '../item-errors';
import { missingRecordJson, recordJson } from '../output-items';
import { readKey, readNamespace } from '../read-fields';

/** What Get does for a key that does not exist (or has expired). */
export type OnMissing = 'empty' | 'emptyRecord' | 'error';

interface Lookup {
	reader: ItemReader;
	namespace: string;
	key: string;
}

/**
 * Get: reads the keys of all items with one `getMany` per namespace (usually one). A missing key
 * gives no item, an item with `found: false`, or an error, by On Missing Key.
 *
 * @throws the first item's error when Continue On Fail is off
 */
export async function runGet(
	context: IExecuteFunctions,
	store: StateStore,
	readers: ItemReader[],
): Promise<ItemResult[]> {
	const lookups: Array<Lookup | ItemResult> = readers.map((reader) => {
		try {
			return { reader, namespace: readNamespace(reader), key: readKey(reader) };
		} catch (error) {
			return failure(context, error, reader.itemIndex);
		}
	});

	const found = await readAll(store, lookups.filter(isLookup));
	return lookups.flatMap((lookup) => {
		if (!isLookup(lookup)) return [lookup];
		const record = found.get(lookup.namespace)?.get(lookup.key);
		const pairedItem = { item: lookup.reader.itemIndex };
		if (record) return [{ output: 0, item: { json: recordJson(record), pairedItem } }];
		return missing(context, lookup);
	});
}

function missing(context: IExecuteFunctions, lookup: Lookup): ItemResult[] {
	const onMissing = lookup.reader.parameter('onMissing', 'empty') as OnMissing;
	const { namespace, key } = lookup;
	const itemIndex = lookup.reader.itemIndex;
	if (onMissing === 'emptyRecord') {
		return [
			{
				output: 0,
				item: { json: missingRecordJson(namespace, key), pairedItem: { item: itemIndex } },
			},
		];
	}
	if (onMissing === 'error') {
		const error = new NodeOperationError(
			context.getNode(),
			`Key "${key}" does not exist in namespace "${namespace}" (or it has expired)`,
			{
				itemIndex,
				description:
					'Write the key before reading it, or set On Missing Key to return nothing or an empty record.',
			},
		);
		return [failure(context, error, itemIndex, { namespace, key })];
	}
	return [];
}

async function readAll(
	store: StateStore,
	lookups: Lookup[],
): Promise<Map<string, Map<string, StateRecord>>> {
	const keysByNamespace = new Map<string, Set<string>>();
	for (const { namespace, key } of lookups) {
		const keys = keysByNamespace.get(namespace) ?? new Set<string>();
		keys.add(key);
		keysByNamespace.set(namespace, keys);
	}
	const found = new Map<string, Map<string, StateRecord>>();
	for (const [namespace, keys] of keysByNamespace) {
		found.set(namespace, await store.getMany(namespace, [...keys]));
	}
	return found;
}

function failure(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	about: { namespace?: string; key?: string } = {},
): ItemResult {
	const itemError = toItemError(context.getNode(), error, itemIndex);
	if (!context.continueOnFail()) throw itemError;
	return { error: itemError, itemIndex, about };
}

function isLookup(value: Lookup | ItemResult): value is Lookup {
	return 'reader' in value;
}
