import { isLive, keyColumn, recordJson } from '../sql-fragments';
import type { StateTable } from '../state-table';

/**
 * The end of every writing statement: one row per input mutation with its index, the record it
 * wrote (`record`, NULL when it wrote nothing) and otherwise the live record as the statement found
 * it (`current`), from which a conflict or type mismatch is reported.
 *
 * @param writtenRows SQL selecting the rows the statement wrote, from its RETURNING clauses.
 */
export function outcomeSelect(table: StateTable, writtenRows: string): string {
	return `, written AS (${writtenRows})
	SELECT (m.r->>'i')::int AS i, ${recordJson('w')} AS record, ${recordJson('c')} AS current
	FROM m
	LEFT JOIN written AS w ON w.namespace = m.ns AND ${keyColumn('w')} = m.key
	LEFT JOIN LATERAL (
		SELECT * FROM ${table.qualified} AS c
		WHERE w.namespace IS NULL AND c.namespace = m.ns AND ${keyColumn('c')} = m.key AND ${isLive('c')}
	) AS c ON true`;
}
