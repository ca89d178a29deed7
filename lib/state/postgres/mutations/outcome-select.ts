import { epochMilliseconds, isLive, keyColumn, recordJson, recordTimes } from '../sql-fragments';
import type { StateTable } from '../state-table';

/**
 * The end of every writing statement: one row per input mutation with its index; the record it
 * wrote as plain columns (`version` NULL when it wrote nothing); otherwise the live record as the
 * statement found it (`current`), from which a conflict or type mismatch is reported.
 *
 * The written record comes as columns, not as one JSON object, because a batch returns every
 * record it wrote: formatting three timestamps per row in SQL and repeating namespace and key,
 * which the caller already knows, cost about as much as the rest of the result.
 *
 * @param writtenRows SQL selecting the rows the statement wrote, from its RETURNING clauses.
 */
export function outcomeSelect(table: StateTable, writtenRows: string): string {
	const { created, updated } = recordTimes('w');
	return `, written AS (${writtenRows})
	SELECT (m.r->>'i')::int AS i, w.state_data AS value, w.version::float8 AS version,
		${epochMilliseconds(created)} AS created_ms, ${epochMilliseconds(updated)} AS updated_ms,
		${epochMilliseconds('w.expires_at')} AS expires_ms, ${recordJson('c')} AS current
	FROM m
	LEFT JOIN written AS w ON w.namespace = m.ns AND ${keyColumn('w')} = m.key
	LEFT JOIN LATERAL (
		SELECT * FROM ${table.qualified} AS c
		WHERE w.namespace IS NULL AND c.namespace = m.ns AND ${keyColumn('c')} = m.key AND ${isLive('c')}
	) AS c ON true`;
}
