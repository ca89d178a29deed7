import type { MutationOutcome, StateMutation, StateRecord } from '../../types';
import { mismatchMessage } from './mismatch-message';

/** A row of a writing statement's result (see `outcomeSelect`). */
export interface WriteResultRow {
	i: number;
	record: StateRecord | null;
	current: StateRecord | null;
}

/** A row of the delete statement's result. */
export interface DeleteResultRow {
	i: number;
	deleted: boolean;
}

/** The outcome of a write: written, or why not (a CAS conflict or a shape that did not fit). */
export function writeOutcome(row: WriteResultRow, mutation: StateMutation): MutationOutcome {
	if (row.record) {
		return { status: 'written', record: row.record };
	}
	if (mutation.kind === 'compareAndSet') {
		return { status: 'conflict', current: row.current };
	}
	return { status: 'typeMismatch', message: mismatchMessage(mutation, row.current?.value) };
}
