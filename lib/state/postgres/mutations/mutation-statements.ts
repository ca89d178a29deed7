import type { StateMutation } from '../../types';
import type { StateTable } from '../state-table';
import { compareAndSetSql } from './compare-and-set-sql';
import { deleteSql } from './delete-sql';
import { directUpsertSql, type DirectKind } from './direct-upsert-sql';
import { valueWriteSql } from './value-write-sql';
import { appendWrite, incrementWrite, mergeWrite, SET_WRITE } from './value-writes';

/**
 * A statement a batch runs: one per mutation kind, which handles every mutation of that kind, and
 * the direct upserts for Set and for Merge without null members (see direct-upsert-sql.ts).
 */
export type StatementName = StateMutation['kind'] | `${DirectKind}Direct`;

/** True for the direct upserts, whose parameter and result rows differ from the general ones. */
export function isDirectStatement(statement: StatementName): statement is `${DirectKind}Direct` {
	return statement.endsWith('Direct');
}

/** The SQL text of each statement for one table, built once per store. */
export type MutationStatements = Record<StatementName, string>;

export function buildMutationStatements(table: StateTable): MutationStatements {
	return {
		set: valueWriteSql(table, SET_WRITE),
		merge: valueWriteSql(table, mergeWrite(table)),
		increment: valueWriteSql(table, incrementWrite(table)),
		append: valueWriteSql(table, appendWrite(table)),
		compareAndSet: compareAndSetSql(table),
		delete: deleteSql(table),
		setDirect: directUpsertSql(table, 'set'),
		mergeDirect: directUpsertSql(table, 'merge'),
		flatMergeDirect: directUpsertSql(table, 'flatMerge'),
	};
}
