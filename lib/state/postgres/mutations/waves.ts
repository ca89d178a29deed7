import type { StateMutation } from '../../types';
import { directKindOf } from './direct-writes';
import { isDirectStatement, type StatementName } from './mutation-statements';

/** A mutation and its position in the batch, which is where its outcome goes. */
export interface IndexedMutation {
	index: number;
	mutation: StateMutation;
}

/** The mutations that run as one statement, and which statement that is. */
export interface StatementBatch {
	statement: StatementName;
	items: IndexedMutation[];
}

/**
 * The most rows one direct upsert writes. A larger wave is split into statements of this size,
 * which the caller runs in one transaction, building each statement's parameter while PostgreSQL
 * runs the one before. Measured with 10,000 merges of ~1 KB: four statements took ~220 ms where
 * one took ~270 ms; at ~1 KB a row, 2,500 rows also keep the parameter's rows within the default
 * work_mem (4 MB), so PostgreSQL does not spill them to a temporary file.
 */
export const MAX_DIRECT_ROWS = 2_500;

/**
 * Orders a batch into statements. A wave holds each (namespace, key) at most once, because one
 * statement cannot change a row twice; the n-th mutation of a key goes into the n-th wave, so waves
 * run in order keep each key's mutations in their given order. Within a wave keys are distinct, so
 * its statements (one per kind, and one per direct upsert) may run in any order.
 */
export function planStatements(mutations: StateMutation[]): StatementBatch[] {
	// Writes so far per namespace and key; nested so that no key is copied into a combined string.
	const seen = new Map<string, Map<string, number>>();
	const waves: Array<Map<StatementName, IndexedMutation[]>> = [];

	mutations.forEach((mutation, index) => {
		let keys = seen.get(mutation.namespace);
		if (!keys) seen.set(mutation.namespace, (keys = new Map()));
		const wave = keys.get(mutation.key) ?? 0;
		keys.set(mutation.key, wave + 1);

		const direct = directKindOf(mutation);
		const statement: StatementName = direct ? `${direct}Direct` : mutation.kind;
		const byStatement = (waves[wave] ??= new Map());
		let items = byStatement.get(statement);
		if (!items) byStatement.set(statement, (items = []));
		items.push({ index, mutation });
	});

	return waves.flatMap((byStatement) =>
		[...byStatement].flatMap(([statement, items]) =>
			isDirectStatement(statement) && items.length > MAX_DIRECT_ROWS
				? inParts(items, MAX_DIRECT_ROWS).map((part) => ({ statement, items: part }))
				: [{ statement, items }],
		),
	);
}

/**
 * Splits a wave into parts that lock their rows in the order one statement over the whole wave
 * would: namespaces, then keys, in jsonb's key order, which the direct upsert reads them in (see
 * direct-upsert-sql.ts). Two batches over the same keys then wait for each other instead of each
 * holding a row the other's next part needs.
 */
function inParts(items: IndexedMutation[], size: number): IndexedMutation[][] {
	const sorted = items
		.map((item) => ({
			item,
			namespaceBytes: Buffer.byteLength(item.mutation.namespace),
			keyBytes: Buffer.byteLength(item.mutation.key),
		}))
		.sort(
			(a, b) =>
				a.namespaceBytes - b.namespaceBytes ||
				compareText(a.item.mutation.namespace, b.item.mutation.namespace) ||
				a.keyBytes - b.keyBytes ||
				compareText(a.item.mutation.key, b.item.mutation.key),
		)
		.map(({ item }) => item);
	const parts: IndexedMutation[][] = [];
	for (let start = 0; start < sorted.length; start += size) {
		parts.push(sorted.slice(start, start + size));
	}
	return parts;
}

/**
 * jsonb orders keys of equal byte length by their UTF-8 bytes, which is code point order. JavaScript
 * compares UTF-16 units, which agrees except for characters beyond U+FFFF against U+E000-U+FFFF:
 * there two batches may still deadlock, and the store runs the one PostgreSQL rolls back again.
 */
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
