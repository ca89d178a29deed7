import type { MutationOutcome, StateRecord } from '../../../../lib/state/types';

/** The record of a `written` outcome; fails the test with the actual outcome otherwise. */
export function writtenRecord(outcome: MutationOutcome | undefined): StateRecord {
	if (outcome?.status !== 'written') {
		throw new Error(`Expected a written outcome, got ${JSON.stringify(outcome)}`);
	}
	return outcome.record;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
