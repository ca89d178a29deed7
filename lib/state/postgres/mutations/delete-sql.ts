import { isLive, keyColumn } from '../sql-fragments';
import type { StateTable } from '../state-table';
import { INPUT_ROWS } from './statement-input';

/**
 * One statement for a wave of deletes. An expired row is removed too, but reported as not deleted:
 * to every reader it was already gone.
 */
export function deleteSql(table: StateTable): string {
	return `WITH m AS (${INPUT_ROWS}),
	removed AS (
		DELETE FROM ${table.qualified} AS s USING m
		WHERE s.namespace = m.ns AND ${keyColumn('s')} = m.key
		RETURNING s.namespace, s.workflow_id, ${isLive('s')} AS was_live
	)
	SELECT (m.r->>'i')::int AS i, COALESCE(d.was_live, false) AS deleted
	FROM m LEFT JOIN removed AS d ON d.namespace = m.ns AND ${keyColumn('d')} = m.key`;
}
