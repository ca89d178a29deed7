import type { JsonValue, MutationOutcome, StateMutation, StateRecord } from '../types';
import { applyEdit, type ValueEdit } from './edit-function';
import { IsoTimeCache } from './iso-time-cache';
import { rowToRecord, type StateRow } from './row';
import type { PreparedStatements } from './statements';

/** The one clock reading a write transaction uses for all its mutations. */
export interface BatchClock {
	now: number;
	nowIso: string;
}

type MergeMutation = Extract<StateMutation, { kind: 'merge' }>;

interface WriteParameters {
	namespace: string;
	key: string;
	now: number;
	expires: number | null;
	operation: StateMutation['kind'];
}

/**
 * Turns each mutation into one statement of the embedded store. Runs inside a write transaction
 * the store has opened, so a conflict or a type mismatch is explained from the same snapshot the
 * statement saw.
 */
export class MutationWriter {
	// Records written by one batch share their creation time, and those with one TTL their expiry.
	private readonly createdTimes = new IsoTimeCache();
	private readonly expiryTimes = new IsoTimeCache();

	constructor(private readonly statements: PreparedStatements) {}

	/** Applies one mutation inside the caller's write transaction. */
	apply(mutation: StateMutation, clock: BatchClock): MutationOutcome {
		return mutation.kind === 'merge'
			? this.merge(mutation, clock)
			: this.applyOther(mutation, clock.now);
	}

	private applyOther(
		mutation: Exclude<StateMutation, MergeMutation>,
		now: number,
	): MutationOutcome {
		const target = { namespace: mutation.namespace, key: mutation.key, now };
		if (mutation.kind === 'delete') {
			const row = this.statements.deleteRecord.get(target) as { live: number } | undefined;
			return { status: 'deleted', deleted: row?.live === 1 };
		}

		const ttl = mutation.ttlSeconds ?? 0;
		const written = {
			...target,
			expires: ttl > 0 ? now + ttl * 1000 : null,
			operation: mutation.kind,
		};
		switch (mutation.kind) {
			case 'set':
				return this.writeValue(written, mutation.value, false);
			case 'compareAndSet':
				return this.compareAndSet(written, mutation.value, mutation.expectedVersion);
			case 'increment':
				return this.writeEdit(written, { kind: 'increment', path: mutation.path, by: mutation.by });
			case 'append':
				return this.writeEdit(written, {
					kind: 'append',
					path: mutation.path,
					values: mutation.values,
					maxLength: mutation.maxLength,
				});
		}
	}

	private writeValue(
		written: WriteParameters,
		value: JsonValue,
		onlyIfAbsent: boolean,
	): MutationOutcome {
		const row = this.statements.upsertValue.get({
			...written,
			value: JSON.stringify(value),
			onlyIfAbsent: onlyIfAbsent ? 1 : 0,
		}) as StateRow | undefined;
		if (row) return { status: 'written', record: rowToRecord(row) };
		return { status: 'conflict', current: this.readOne(written) };
	}

	private compareAndSet(
		written: WriteParameters,
		value: JsonValue,
		expectedVersion: number,
	): MutationOutcome {
		if (expectedVersion === 0) return this.writeValue(written, value, true);
		const row = this.statements.compareAndSet.get({
			...written,
			value: JSON.stringify(value),
			expectedVersion,
		}) as StateRow | undefined;
		if (row) return { status: 'written', record: rowToRecord(row) };
		return { status: 'conflict', current: this.readOne(written) };
	}

	/**
	 * Merge is the common bulk write, so it has a path of its own: one positional statement, the
	 * merge done by SQLite, and the record put together from what is known here (the key, the
	 * batch's clock, the expiry) plus the three columns the statement returns.
	 */
	private merge(mutation: MergeMutation, clock: BatchClock): MutationOutcome {
		const ttl = mutation.ttlSeconds ?? 0;
		const expires = ttl > 0 ? clock.now + ttl * 1000 : null;
		const patch = JSON.stringify(mutation.patch);
		const row = this.statements.upsertMerge.get(
			mutation.namespace,
			mutation.key,
			patch,
			clock.now,
			expires,
			// Without the text "null" the patch holds no null to remove; a false alarm (a string that
			// contains "null") only costs the json_patch it would otherwise skip.
			patch.includes('null') ? 1 : 0,
		) as Pick<StateRow, 'value' | 'version' | 'created_ms'> | undefined;
		if (!row) {
			return this.writeEdit(
				{
					namespace: mutation.namespace,
					key: mutation.key,
					now: clock.now,
					expires,
					operation: 'merge',
				},
				{ kind: 'merge', patch: mutation.patch },
			);
		}
		return {
			status: 'written',
			record: {
				namespace: mutation.namespace,
				key: mutation.key,
				value: JSON.parse(row.value) as JsonValue,
				version: Number(row.version),
				createdAt: this.createdTimes.iso(Number(row.created_ms)),
				updatedAt: clock.nowIso,
				expiresAt: expires === null ? null : this.expiryTimes.iso(expires),
			},
		};
	}

	/**
	 * One statement either way. A missing record starts from what the edit makes of nothing, computed
	 * here because it does not depend on stored data; an existing one is edited inside the statement.
	 */
	private writeEdit(written: WriteParameters, edit: ValueEdit): MutationOutcome {
		const fromNothing = applyEdit(undefined, edit);
		const editJson = JSON.stringify(edit);
		const row = (
			'value' in fromNothing
				? this.statements.upsertEdit.get({
						...written,
						value: JSON.stringify(fromNothing.value),
						edit: editJson,
					})
				: this.statements.updateEdit.get({ ...written, edit: editJson })
		) as StateRow | undefined;
		if (row) return { status: 'written', record: rowToRecord(row) };

		// Nothing was written; say why, from the record as it stands inside this same transaction.
		const current = this.readOne(written);
		const explained = applyEdit(current?.value, edit);
		return {
			status: 'typeMismatch',
			message: 'mismatch' in explained ? explained.mismatch : 'the stored value changed shape',
		};
	}

	private readOne(target: { namespace: string; key: string; now: number }): StateRecord | null {
		const row = this.statements.getOne.get({
			namespace: target.namespace,
			key: target.key,
			now: target.now,
		}) as StateRow | undefined;
		return row ? rowToRecord(row) : null;
	}
}
