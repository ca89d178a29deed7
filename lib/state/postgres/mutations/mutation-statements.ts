import type { StateMutation } from '../../types';
import type { StateTable } from '../state-table';
import { compareAndSetSql } from './compare-and-set-sql';
import { deleteSql } from './delete-sql';
import { valueWriteSql } from './value-write-sql';
import { appendWrite, incrementWrite, mergeWrite, SET_WRITE } from './value-writes';

/** The SQL text of each mutation kind's statement for one table, built once per store. */
export type MutationStatements = Record<StateMutation['kind'], string>;

export function buildMutationStatements(table: StateTable): MutationStatements {
	return {
		set: valueWriteSql(table, SET_WRITE),
		merge: valueWriteSql(table, mergeWrite(table)),
		increment: valueWriteSql(table, incrementWrite(table)),
		append: valueWriteSql(table, appendWrite(table)),
		compareAndSet: compareAndSetSql(table),
		delete: deleteSql(table),
	};
}
