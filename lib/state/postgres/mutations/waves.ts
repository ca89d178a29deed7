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
	const seen = new Map<string, number>();
	const waves: Array<Map<StatementName, IndexedMutation[]>> = [];

	mutations.forEach((mutation, index) => {
		// Namespaces and keys cannot hold NUL (validateMutations), so it separates them unambiguously.
		const identity = `${mutation.namespace}\u0000${mutation.key}`;
		const wave = seen.get(identity) ?? 0;
		seen.set(identity, wave + 1);

		const direct = directKindOf(mutation);
		const statement: StatementName = direct ? `${direct}Direct` : mutation.kind;
		const byStatement = (waves[wave] ??= new Map());
		const items = byStatement.get(statement) ?? [];
		items.push({ index, mutation });
		byStatement.set(statement, items);
	});

	return waves.flatMap((byStatement) =>
		[...byStatement].map(([statement, items]) => ({ statement, items })),
	);
}
