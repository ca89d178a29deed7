import type { ListQuery } from '../types';
import { PostgresStateError } from './errors';
import { isLive, keyColumn, recordJson } from './sql-fragments';
import type { StateTable } from './state-table';

/** List's page size when the query gives none. @default 100 */
export const DEFAULT_LIST_LIMIT = 100;

/** A query with its parameters. */
export interface SqlQuery {
	text: string;
	values: unknown[];
}

/** List's query and the page size it was built for (it asks for one more row). */
export interface ListSqlQuery extends SqlQuery {
	limit: number;
}

/** Reads the live records of many keys of one namespace in one statement. */
export function getManyQuery(table: StateTable, namespace: string, keys: string[]): SqlQuery {
	return {
		text: `SELECT ${recordJson('s')} AS record FROM ${table.qualified} AS s
			WHERE s.namespace = $1 AND ${keyColumn('s')} = ANY($2::text[]) AND ${isLive('s')}`,
		values: [namespace, keys],
	};
}

/**
 * One page of List, keyset-paged in byte order of the key. Asks for one row more than the limit to
 * know whether another page follows. Only the conditions in use are in the SQL, so each shape gets a
 * plan that walks the unique index.
 *
 * @throws PostgresStateError when `limit` is not a positive whole number.
 */
export function listQuery(table: StateTable, query: ListQuery): ListSqlQuery {
	const limit = query.limit ?? DEFAULT_LIST_LIMIT;
	if (!Number.isSafeInteger(limit) || limit < 1) {
		throw new PostgresStateError(
			`List limit must be a whole number, 1 or more, not ${String(limit)}`,
			'Set Limit to how many records one page should hold, such as 100.',
		);
	}

	const values: unknown[] = [query.namespace];
	const conditions = ['s.namespace = $1', isLive('s')];
	if (query.afterKey !== undefined) {
		values.push(query.afterKey);
		conditions.push(`${keyColumn('s')} > $${values.length}`);
	}
	if (query.keyPrefix) {
		values.push(`${escapeLikePattern(query.keyPrefix)}%`);
		conditions.push(`${keyColumn('s')} LIKE $${values.length} ESCAPE '\\'`);
	}
	values.push(limit + 1);

	return {
		text: `SELECT ${recordJson('s')} AS record FROM ${table.qualified} AS s
			WHERE ${conditions.join(' AND ')}
			ORDER BY ${keyColumn('s')} LIMIT $${values.length}`,
		values,
		limit,
	};
}

/** Makes `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function escapeLikePattern(text: string): string {
	return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
