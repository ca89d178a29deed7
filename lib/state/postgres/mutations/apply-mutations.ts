import type { QueryResultRow } from 'pg';

import type { MutationOutcome, StateMutation } from '../../types';
import { directInput, placeDirectOutcomes, type DirectResultRow } from './direct-writes';
import type { DirectKind } from './direct-upsert-sql';
import type { MutationStatements, StatementName } from './mutation-statements';
import { IsoTimes, writeOutcome, type DeleteResultRow, type WriteResultRow } from './outcomes';
import { statementInput } from './statement-input';
import type { IndexedMutation, StatementBatch } from './waves';

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

	for (const { statement, items } of plan) {
		if (isDirect(statement)) {
			const rows = await run<DirectResultRow>(statements[statement], directInput(items));
			const unwritten = placeDirectOutcomes(rows, items, outcomes, times);
			// Only a Merge into a value that is not an object gets here. The general statement writes
			// it if the value became an object since, and otherwise reports the value it found.
			if (unwritten.length > 0) {
				const kind = statement === 'setDirect' ? 'set' : 'merge';
				await runGeneral(run, statements, kind, unwritten, mutations, outcomes, times);
			}
		} else {
			await runGeneral(run, statements, statement, items, mutations, outcomes, times);
		}
	}

	return outcomes;
}

function isDirect(statement: StatementName): statement is `${DirectKind}Direct` {
	return statement.endsWith('Direct');
}

async function runGeneral(
	run: RunStatement,
	statements: MutationStatements,
	kind: StateMutation['kind'],
	items: IndexedMutation[],
	mutations: StateMutation[],
	outcomes: MutationOutcome[],
	times: IsoTimes,
): Promise<void> {
	const input = statementInput(items);
	if (kind === 'delete') {
		const rows = await run<DeleteResultRow>(statements.delete, input);
		for (const row of rows) {
			outcomes[row.i] = { status: 'deleted', deleted: row.deleted };
		}
		return;
	}
	const rows = await run<WriteResultRow>(statements[kind], input);
	for (const row of rows) {
		outcomes[row.i] = writeOutcome(row, mutations[row.i], times);
	}
}
