import type { StateMutation } from '../../types';
import { expiryFromTtl, isExpired, isLive, keyColumn } from '../sql-fragments';
import type { StateTable } from '../state-table';
import { INPUT_ROWS, inputRowFor } from './statement-input';
import { outcomeSelect } from './outcome-select';

/** How one kind of value write computes the new value, as SQL over an input row `r`. */
export interface ValueWrite {
	kind: Exclude<StateMutation['kind'], 'delete' | 'compareAndSet'>;
	/** The value written where no live record exists; NULL when the mutation cannot start from nothing. */
	fromNothing(input: string): string;
	/** The value written over a live record's value; NULL when that value has the wrong shape. */
	fromExisting(stored: string, input: string): string;
	/**
	 * Whether `fromExisting` will succeed, when that is cheaper to tell than computing it (the
	 * upsert needs the answer in its WHERE and the value in its SET).
	 * @default `fromExisting(...) IS NOT NULL`
	 */
	fits?(stored: string, input: string): string;
}

/**
 * One statement for a wave of value writes of one kind. Mutations that can start from nothing are an
 * upsert (INSERT ... ON CONFLICT DO UPDATE), the only single-statement write that stays correct when
 * another process inserts the same key at the same moment. Those that cannot (an index into an
 * array that does not exist yet) only update a live record. Either way a wrong shape makes the
 * WHERE skip the row, so it is reported as a mismatch without an error that would abort the wave.
 */
export function valueWriteSql(table: StateTable, write: ValueWrite): string {
	const expiry = (input: string) => expiryFromTtl(`(${input}->>'ttlSeconds')::float8`);
	const stored = `COALESCE(s.state_data, 'null'::jsonb)`;
	const conflictInput = inputRowFor('s');
	const live = isLive('s');
	const fits = (input: string) =>
		write.fits?.(stored, input) ?? `${write.fromExisting(stored, input)} IS NOT NULL`;

	return `WITH m AS (${INPUT_ROWS}),
	proposed AS (SELECT m.ns, m.key, m.r, ${write.fromNothing('m.r')} AS fresh FROM m),
	inserted AS (
		INSERT INTO ${table.qualified} AS s
			(namespace, workflow_id, state_data, version, created_at, updated_at, expires_at, last_operation)
		SELECT p.ns, p.key, p.fresh, 1, now(), now(), ${expiry('p.r')}, '${write.kind}'
		FROM proposed AS p WHERE p.fresh IS NOT NULL ORDER BY p.ns, p.key COLLATE "C"
		ON CONFLICT (namespace, workflow_id) DO UPDATE SET
			state_data = CASE WHEN ${live} THEN ${write.fromExisting(stored, conflictInput)}
				ELSE EXCLUDED.state_data END,
			version = CASE WHEN ${live} THEN s.version + 1 ELSE 1 END,
			created_at = CASE WHEN ${live} THEN s.created_at ELSE now() END,
			updated_at = now(),
			expires_at = EXCLUDED.expires_at,
			last_operation = EXCLUDED.last_operation
		WHERE ${isExpired('s')} OR ${fits(conflictInput)}
		RETURNING s.*
	),
	updated AS (
		UPDATE ${table.qualified} AS s SET
			state_data = ${write.fromExisting(stored, 'p.r')},
			version = s.version + 1,
			updated_at = now(),
			expires_at = ${expiry('p.r')},
			last_operation = '${write.kind}'
		FROM proposed AS p
		WHERE p.fresh IS NULL AND s.namespace = p.ns AND ${keyColumn('s')} = p.key AND ${live}
			AND ${fits('p.r')}
		RETURNING s.*
	)
	${outcomeSelect(table, 'SELECT * FROM inserted UNION ALL SELECT * FROM updated')}`;
}
