import type { QueryResultRow } from 'pg';

import type { MutationOutcome, StateMutation } from '../../types';
import type { MutationStatements } from './mutation-statements';
import { IsoTimes, writeOutcome, type DeleteResultRow, type WriteResultRow } from './outcomes';
import { statementInput } from './statement-input';
import type { StatementBatch } from './waves';

/** Sends one statement with its parameters and returns its rows. */
export type RunStatement = <Row extends QueryResultRow>(
	sql: string,
	values: unknown[],
) => Promise<Row[]>;

/**
 * Runs a planned batch, statement by statement in plan order, and puts each mutation's outcome at
 * its index. The caller decides the connection and whether a transaction surrounds the batch.
 */
export async function applyPlannedBatch(
	run: RunStatement,
	statements: MutationStatements,
	mutations: StateMutation[],
	plan: StatementBatch[],
): Promise<MutationOutcome[]> {
	const outcomes: MutationOutcome[] = new Array(mutations.length);
	const times = new IsoTimes();

	for (const { kind, items } of plan) {
		const input = statementInput(items);
		if (kind === 'delete') {
			const rows = await run<DeleteResultRow>(statements.delete, input);
			for (const row of rows) {
				outcomes[row.i] = { status: 'deleted', deleted: row.deleted };
			}
		} else {
			const rows = await run<WriteResultRow>(statements[kind], input);
			for (const row of rows) {
				outcomes[row.i] = writeOutcome(row, mutations[row.i], times);
			}
		}
	}

	return outcomes;
}
