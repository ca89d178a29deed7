import { expiryFromTtl, isExpired, isLive, keyColumn } from '../sql-fragments';
import type { StateTable } from '../state-table';
import { INPUT_ROWS } from './statement-input';
import { outcomeSelect } from './outcome-select';

/**
 * One statement for a wave of Compare-and-Set. Expected version 0 ("must not exist") is an insert
 * that may only replace an expired row; any other expected version is an update of the live row
 * with exactly that version. A row the statement does not write is a conflict, reported with the
 * record as the statement saw it.
 */
export function compareAndSetSql(table: StateTable): string {
	const expiry = (input: string) => expiryFromTtl(`(${input}->>'ttlSeconds')::float8`);
	const expected = (input: string) => `(${input}->>'expectedVersion')::bigint`;

	return `WITH m AS (${INPUT_ROWS}),
	inserted AS (
		INSERT INTO ${table.qualified} AS s
			(namespace, workflow_id, state_data, version, created_at, updated_at, expires_at, last_operation)
		SELECT m.ns, m.key, m.r->'value', 1, now(), now(), ${expiry('m.r')}, 'compareAndSet'
		FROM m WHERE ${expected('m.r')} = 0 ORDER BY m.ns, m.key COLLATE "C"
		ON CONFLICT (namespace, workflow_id) DO UPDATE SET
			state_data = EXCLUDED.state_data,
			version = 1,
			created_at = now(),
			updated_at = now(),
			expires_at = EXCLUDED.expires_at,
			last_operation = EXCLUDED.last_operation
		WHERE ${isExpired('s')}
		RETURNING s.*
	),
	updated AS (
		UPDATE ${table.qualified} AS s SET
			state_data = m.r->'value',
			version = s.version + 1,
			updated_at = now(),
			expires_at = ${expiry('m.r')},
			last_operation = 'compareAndSet'
		FROM m
		WHERE ${expected('m.r')} > 0 AND s.namespace = m.ns AND ${keyColumn('s')} = m.key
			AND ${isLive('s')} AND s.version = ${expected('m.r')}
		RETURNING s.*
	)
	${outcomeSelect(table, 'SELECT * FROM inserted UNION ALL SELECT * FROM updated')}`;
}
