import type { QueryResultRow } from 'pg';

import type { MutationOutcome, StateMutation } from '../../types';
import { directInput, placeDirectOutcomes, type DirectResultRow } from './direct-writes';
import { isDirectStatement, type MutationStatements } from './mutation-statements';
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
 *
 * Each statement's parameter is built while PostgreSQL runs the statement before it, so a large
 * wave split into several statements (see `MAX_DIRECT_ROWS`) costs the serialising of its first
 * part only. That needs `run` to send a statement before it returns, as a client's query does.
 */
export async function applyPlannedBatch(
	run: RunStatement,
	statements: MutationStatements,
	mutations: StateMutation[],
	plan: StatementBatch[],
): Promise<MutationOutcome[]> {
	const outcomes: MutationOutcome[] = new Array(mutations.length);
	const times = new IsoTimes();

	let input = plan.length > 0 ? inputOf(plan[0]) : [];
	for (let position = 0; position < plan.length; position += 1) {
		const { statement, items } = plan[position];
		const running = run<QueryResultRow>(statements[statement], input);
		const next = plan[position + 1];
		const [rows] = await Promise.all([
			running,
			// A microtask: after the statement above is on its way, before its answer is read.
			Promise.resolve().then(() => {
				if (next) input = inputOf(next);
			}),
		]);

		if (isDirectStatement(statement)) {
			const unwritten = placeDirectOutcomes(rows as DirectResultRow[], items, outcomes, times);
			// Only a Merge into a value that is not an object gets here. The general statement writes
			// it if the value became an object since, and otherwise reports the value it found.
			if (unwritten.length > 0) {
				const kind = statement === 'setDirect' ? 'set' : 'merge';
				await runGeneral(run, statements, kind, unwritten, mutations, outcomes, times);
			}
		} else {
			placeGeneralOutcomes(statement, rows, mutations, outcomes, times);
		}
	}

	return outcomes;
}

function inputOf({ statement, items }: StatementBatch): unknown[] {
	return isDirectStatement(statement) ? directInput(items) : statementInput(items);
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
	const rows = await run<QueryResultRow>(statements[kind], statementInput(items));
	placeGeneralOutcomes(kind, rows, mutations, outcomes, times);
}

function placeGeneralOutcomes(
	kind: StateMutation['kind'],
	rows: QueryResultRow[],
	mutations: StateMutation[],
	outcomes: MutationOutcome[],
	times: IsoTimes,
): void {
	if (kind === 'delete') {
		for (const row of rows as DeleteResultRow[]) {
			outcomes[row.i] = { status: 'deleted', deleted: row.deleted };
		}
		return;
	}
	for (const row of rows as WriteResultRow[]) {
		outcomes[row.i] = writeOutcome(row, mutations[row.i], times);
	}
}
