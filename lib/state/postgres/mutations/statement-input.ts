import type { JsonValue, StateMutation } from '../../types';
import type { IndexedMutation } from './waves';

/**
 * The rows of a statement's parameters, one per mutation: `ns` and `key` name the record, `r` holds
 * the mutation's index (`i`) and its fields. `$2` is the row count: the planner would otherwise
 * guess 10,000 rows from jsonb_each and prefer scanning the whole table to looking keys up.
 * Namespaces come from jsonb_object_keys: jsonb_each would first copy the whole parameter into a
 * tuplestore, which spills to disk for large batches.
 */
export const INPUT_ROWS = `SELECT n.key AS ns, e.key AS key, e.value AS r
	FROM jsonb_object_keys($1::jsonb) AS n(key)
	CROSS JOIN LATERAL jsonb_each($1::jsonb -> n.key) AS e LIMIT $2`;

/**
 * A mutation's input row inside the statement's parameter, looked up by namespace and key. The ON
 * CONFLICT branch of an upsert sees only the table's row and the proposed one, not the statement's
 * source rows; this lookup is how it reaches a mutation's patch, path or amount. It is one path
 * lookup (`#>`), not `-> namespace -> key`: the latter copies the whole namespace object per row.
 */
export function inputRowFor(alias: string): string {
	return `($1::jsonb #> ARRAY[${alias}.namespace, ${alias}.workflow_id::text])`;
}

/**
 * Builds the parameters of a statement: the mutations as one JSON text nested by namespace and key
 * (a wave never holds a key twice, so no row overwrites another), then their count.
 */
export function statementInput(items: IndexedMutation[]): [string, number] {
	const byNamespace: Record<
		string,
		Record<string, Record<string, JsonValue | undefined>>
	> = Object.create(null);
	for (const { index, mutation } of items) {
		byNamespace[mutation.namespace] ??= Object.create(null);
		byNamespace[mutation.namespace][mutation.key] = { i: index, ...fieldsOf(mutation) };
	}
	return [JSON.stringify(byNamespace), items.length];
}

function fieldsOf(mutation: StateMutation): Record<string, JsonValue | undefined> {
	switch (mutation.kind) {
		case 'set':
			return { value: mutation.value, ttlSeconds: mutation.ttlSeconds };
		case 'merge':
			return { patch: mutation.patch, ttlSeconds: mutation.ttlSeconds };
		case 'increment':
			return { path: mutation.path, by: mutation.by, ttlSeconds: mutation.ttlSeconds };
		case 'append':
			return {
				path: mutation.path,
				values: mutation.values,
				maxLength: mutation.maxLength,
				ttlSeconds: mutation.ttlSeconds,
			};
		case 'compareAndSet':
			return {
				value: mutation.value,
				expectedVersion: mutation.expectedVersion,
				ttlSeconds: mutation.ttlSeconds,
			};
		case 'delete':
			return {};
	}
}
