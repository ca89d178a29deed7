import type { JsonValue, MutationOutcome, StateMutation, StateRecord } from '../../types';
import { mismatchMessage } from './mismatch-message';

/** A row of a writing statement's result (see `outcomeSelect`): the written record's columns. */
export interface WriteResultRow {
	i: number;
	value: JsonValue | null;
	/** NULL when the statement wrote nothing for this mutation. */
	version: number | null;
	created_ms: number | null;
	updated_ms: number | null;
	expires_ms: number | null;
	current: StateRecord | null;
}

/** A row of the delete statement's result. */
export interface DeleteResultRow {
	i: number;
	deleted: boolean;
}

/** The outcome of a write: written, or why not (a CAS conflict or a shape that did not fit). */
export function writeOutcome(
	row: WriteResultRow,
	mutation: StateMutation,
	times: IsoTimes,
): MutationOutcome {
	if (row.version !== null) {
		return {
			status: 'written',
			record: {
				namespace: mutation.namespace,
				key: mutation.key,
				value: row.value,
				version: row.version,
				createdAt: times.format(row.created_ms ?? 0),
				updatedAt: times.format(row.updated_ms ?? 0),
				expiresAt: row.expires_ms === null ? null : times.format(row.expires_ms),
			},
		};
	}
	if (mutation.kind === 'compareAndSet') {
		return { status: 'conflict', current: row.current };
	}
	return { status: 'typeMismatch', message: mismatchMessage(mutation, row.current?.value) };
}

/**
 * Formats Unix milliseconds as ISO 8601, remembering the last few: the rows of one statement share
 * its `now()`, so most of their times are the same instant.
 */
export class IsoTimes {
	private readonly recent = new Map<number, string>();

	format(milliseconds: number): string {
		let text = this.recent.get(milliseconds);
		if (text === undefined) {
			text = new Date(milliseconds).toISOString();
			if (this.recent.size >= 16) this.recent.clear();
			this.recent.set(milliseconds, text);
		}
		return text;
	}
}
