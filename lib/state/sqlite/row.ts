import type { JsonValue, StateRecord } from '../types';

/** A `wfc_state` row as SELECT/RETURNING gives it. */
export interface StateRow {
	namespace: string;
	key: string;
	value: string;
	version: number;
	created_ms: number;
	updated_ms: number;
	expires_ms: number | null;
}

/** The columns every statement returns, in `StateRow` shape. */
export const ROW_COLUMNS =
	'namespace, key, value, version, created_ms, updated_ms, expires_ms' as const;

export function rowToRecord(row: StateRow): StateRecord {
	return {
		namespace: row.namespace,
		key: row.key,
		value: JSON.parse(row.value) as JsonValue,
		version: Number(row.version),
		createdAt: new Date(Number(row.created_ms)).toISOString(),
		updatedAt: new Date(Number(row.updated_ms)).toISOString(),
		expiresAt: row.expires_ms === null ? null : new Date(Number(row.expires_ms)).toISOString(),
	};
}
