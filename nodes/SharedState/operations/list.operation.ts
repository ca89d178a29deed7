import type { IExecuteFunctions } from 'n8n-workflow';

import type { ListQuery, StateStore } from '../../../lib/state';
import { StateInputError } from '../../../lib/state';
import type { ItemResult } from '../batch-writes';
import type { ItemReader } from '../item-reader';
import { toItemError } from '../item-errors';
import { recordJson } from '../output-items';
import { readNamespace, readNumber } from '../read-fields';

// Pages fetched while returning everything: large enough for few round trips, small enough that
// one page of 1 KB values stays a few MB.
const RETURN_ALL_PAGE_SIZE = 1000;
const MAX_LIMIT = 10_000;

/**
 * List: one output item per record of the namespace (and key prefix), in ascending key order. With
 * Return All off, at most Limit records after After Key: to read the next page, pass the last
 * item's key as After Key.
 *
 * @throws the first item's error when Continue On Fail is off
 */
export async function runList(
	context: IExecuteFunctions,
	store: StateStore,
	readers: ItemReader[],
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	for (const reader of readers) {
		try {
			const query = listQuery(reader);
			const returnAll = reader.parameter('returnAll', false) === true;
			for await (const record of listRecords(store, query, returnAll)) {
				results.push({
					output: 0,
					item: { json: recordJson(record), pairedItem: { item: reader.itemIndex } },
				});
			}
		} catch (error) {
			const itemError = toItemError(context.getNode(), error, reader.itemIndex);
			if (!context.continueOnFail()) throw itemError;
			results.push({ error: itemError, itemIndex: reader.itemIndex, about: {} });
		}
	}
	return results;
}

/** The store query for one item's List parameters. @throws StateInputError naming the field */
export function listQuery(reader: ItemReader): ListQuery {
	const namespace = readNamespace(reader);
	const keyPrefix = String(reader.parameter('keyPrefix', '') ?? '');
	const afterKey = String(reader.parameter('afterKey', '') ?? '');
	const returnAll = reader.parameter('returnAll', false) === true;
	const limit = returnAll
		? RETURN_ALL_PAGE_SIZE
		: readNumber(reader, 'limit', 'Limit', { fallback: 50, wholeAtLeast: 1 });
	if (limit > MAX_LIMIT) {
		throw new StateInputError(
			'Limit',
			`Limit is ${limit}; at most ${MAX_LIMIT} records are read per page`,
			'Lower Limit and page with After Key, or turn on Return All.',
		);
	}
	return {
		namespace,
		keyPrefix: keyPrefix === '' ? undefined : keyPrefix,
		afterKey: afterKey === '' ? undefined : afterKey,
		limit,
	};
}

async function* listRecords(store: StateStore, query: ListQuery, returnAll: boolean) {
	let page = await store.list(query);
	yield* page.records;
	while (returnAll && page.nextAfterKey !== null) {
		page = await store.list({ ...query, afterKey: page.nextAfterKey });
		yield* page.records;
	}
}
