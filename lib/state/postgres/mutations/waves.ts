import type { StateMutation } from '../../types';

/** A mutation and its position in the batch, which is where its outcome goes. */
export interface IndexedMutation {
	index: number;
	mutation: StateMutation;
}

/** The mutations of one kind that run as one statement. */
export interface StatementBatch {
	kind: StateMutation['kind'];
	items: IndexedMutation[];
}

/**
 * Orders a batch into statements. A wave holds each (namespace, key) at most once, because one
 * statement cannot change a row twice; the n-th mutation of a key goes into the n-th wave, so waves
 * run in order keep each key's mutations in their given order. Within a wave keys are distinct, so
 * its statements (one per kind) may run in any order.
 */
export function planStatements(mutations: StateMutation[]): StatementBatch[] {
	const seen = new Map<string, number>();
	const waves: Array<Map<StateMutation['kind'], IndexedMutation[]>> = [];

	mutations.forEach((mutation, index) => {
		const identity = JSON.stringify([mutation.namespace, mutation.key]);
		const wave = seen.get(identity) ?? 0;
		seen.set(identity, wave + 1);

		const byKind = (waves[wave] ??= new Map());
		const items = byKind.get(mutation.kind) ?? [];
		items.push({ index, mutation });
		byKind.set(mutation.kind, items);
	});

	return waves.flatMap((byKind) => [...byKind].map(([kind, items]) => ({ kind, items })));
}
