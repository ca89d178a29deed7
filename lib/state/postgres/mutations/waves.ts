import type { StateMutation } from '../../types';
import { directKindOf } from './direct-writes';
import type { StatementName } from './mutation-statements';

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
		[...byStatement].map(([statement, items]) => ({ statement, items })),
	);
}
