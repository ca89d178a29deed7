import { epochMilliseconds, expiryFromTtl, isExpired, isLive, recordTimes } from '../sql-fragments';
import type { StateTable } from '../state-table';

/**
 * The writes a direct upsert can do (see `directUpsertSql`): Set, Merge, and Merge of a patch
 * without nested objects, which is PostgreSQL's one-level `||` and needs no PL/pgSQL call per row.
 */
export type DirectKind = 'set' | 'merge' | 'flatMerge';

/**
 * One plain upsert for a wave of Set, or of Merge whose patch holds no null member (see
 * `directKindOf`): the shape of a hand-written multi-row upsert, about twice as fast for 10,000
 * rows as the general statement of value-write-sql.ts.
 *
 * It is possible because for these mutations the row proposed for a missing key carries exactly
 * what the ON CONFLICT branch needs: Set's new value, or Merge's patch, which merged into nothing
 * is the patch itself. So the branch reads it from EXCLUDED instead of looking the mutation up in
 * the statement's parameter, and no common table expression holds the batch's rows or records.
 *
 * `$1` is `{namespace: {key: {"v": value or patch, "t": ttlSeconds}}}`. Its namespaces are listed
 * by jsonb_object_keys rather than jsonb_each, which would first copy the whole parameter into a
 * tuplestore (spilled to disk beyond work_mem: ~15 ms of 10,000 rows of ~1 KB). jsonb yields keys
 * in its own order (by length, then bytes), the same in every batch, so concurrent batches lock
 * their rows in the same order and wait for each other instead of deadlocking.
 *
 * RETURNING gives the written records as columns, with namespace and key to match them to their
 * mutations, but not the values the caller already has: Set wrote the value it was given, and a
 * Merge whose result equals its patch (a new key, or a patch that names every field) returns
 * NULL instead of the value. Only values that kept stored fields travel back. A Merge into a live
 * value that is not an object is skipped by the WHERE and returns no row; the caller runs those
 * again through the general statement, which reports the value it found.
 */
export function directUpsertSql(table: StateTable, kind: DirectKind): string {
	const live = isLive('s');
	const merged =
		kind === 'flatMerge'
			? 's.state_data || EXCLUDED.state_data'
			: `${table.quotedSchema}.wfc_merge_patch(s.state_data, EXCLUDED.state_data)`;
	const value =
		kind === 'set'
			? 'EXCLUDED.state_data'
			: `CASE WHEN ${live} THEN ${merged} ELSE EXCLUDED.state_data END`;
	const onlyObjects =
		kind === 'set' ? '' : `WHERE ${isExpired('s')} OR jsonb_typeof(s.state_data) = 'object'`;
	const operation = kind === 'set' ? 'set' : 'merge';
	const patch = `($1::jsonb #> ARRAY[s.namespace, s.workflow_id::text, 'v'])`;
	const returnedValue =
		kind === 'set'
			? 'NULL::jsonb'
			: `CASE WHEN s.state_data = ${patch} THEN NULL ELSE s.state_data END`;
	const { created, updated } = recordTimes('s');

	return `INSERT INTO ${table.qualified} AS s
		(namespace, workflow_id, state_data, version, created_at, updated_at, expires_at, last_operation)
	SELECT n.key, e.key, e.value -> 'v', 1, now(), now(),
		${expiryFromTtl(`(e.value ->> 't')::float8`)}, '${operation}'
	FROM jsonb_object_keys($1::jsonb) AS n(key) CROSS JOIN LATERAL jsonb_each($1::jsonb -> n.key) AS e
	ON CONFLICT (namespace, workflow_id) DO UPDATE SET
		state_data = ${value},
		version = CASE WHEN ${live} THEN s.version + 1 ELSE 1 END,
		created_at = CASE WHEN ${live} THEN s.created_at ELSE now() END,
		updated_at = now(),
		expires_at = EXCLUDED.expires_at,
		last_operation = EXCLUDED.last_operation
	${onlyObjects}
	RETURNING s.namespace AS ns, s.workflow_id AS key, ${returnedValue} AS value,
		s.version::float8 AS version, ${epochMilliseconds(created)} AS created_ms,
		${epochMilliseconds(updated)} AS updated_ms, ${epochMilliseconds('s.expires_at')} AS expires_ms`;
}
