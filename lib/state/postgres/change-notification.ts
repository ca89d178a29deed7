import type { JsonValue, StateMutation } from '../types';

/** What the table's trigger sends for one changed row (see `wfc_notify_changes`). */
export interface ChangeNotification {
	namespace: string;
	key: string;
	operation: StateMutation['kind'];
	version: number;
	changedAt: string;
	/** The new value when it fitted in the notification; absent when listeners must read it. */
	value?: JsonValue;
}

const OPERATIONS: ReadonlyArray<StateMutation['kind']> = [
	'set',
	'merge',
	'increment',
	'append',
	'compareAndSet',
	'delete',
];

function isOperation(value: unknown): value is StateMutation['kind'] {
	return OPERATIONS.some((operation) => operation === value);
}

/**
 * Reads a notification payload; undefined for anything that is not one of ours in the expected
 * shape (for example a row another program wrote without a key).
 */
export function parseChangeNotification(
	payload: string | undefined,
): ChangeNotification | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(payload ?? '');
	} catch {
		// Someone else's NOTIFY on our channel; nothing to deliver.
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null) {
		return undefined;
	}

	const { namespace, key, operation, version, changedAt, value } = parsed as Record<
		string,
		unknown
	>;
	if (
		typeof namespace !== 'string' ||
		typeof key !== 'string' ||
		!isOperation(operation) ||
		typeof version !== 'number' ||
		typeof changedAt !== 'string'
	) {
		return undefined;
	}
	const notification: ChangeNotification = { namespace, key, operation, version, changedAt };
	// JSON.parse only yields JSON values, so the payload's value needs no further check.
	if (value !== undefined) notification.value = value as JsonValue;
	return notification;
}
