import type { IDataObject } from 'n8n-workflow';

import type { CompareAndSetMutation, StateRecord } from '../../lib/state';

/** The JSON of an output item for a stored record: the agreed shape every operation returns. */
export function recordJson(record: StateRecord): IDataObject {
	return {
		namespace: record.namespace,
		key: record.key,
		value: record.value,
		version: record.version,
		createdAt: record.createdAt,
		updatedAt: record.updatedAt,
		expiresAt: record.expiresAt,
	};
}

/**
 * What the Conflict output carries: the record as it is now (version 0 and a null value when the
 * key does not exist), plus the version the item expected. A workflow that lost a "create only if
 * new" race reads the winner's value from here.
 */
export function conflictJson(
	mutation: CompareAndSetMutation,
	current: StateRecord | null,
): IDataObject {
	return {
		namespace: mutation.namespace,
		key: mutation.key,
		value: current?.value ?? null,
		version: current?.version ?? 0,
		createdAt: current?.createdAt ?? null,
		updatedAt: current?.updatedAt ?? null,
		expiresAt: current?.expiresAt ?? null,
		expectedVersion: mutation.expectedVersion,
	};
}

/** Get's item for a missing key when On Missing Key asks for one: found is false, version 0. */
export function missingRecordJson(namespace: string, key: string): IDataObject {
	return {
		namespace,
		key,
		value: null,
		version: 0,
		createdAt: null,
		updatedAt: null,
		expiresAt: null,
		found: false,
	};
}
