/** Longest key a record may have: keys are indexed and appear in logs and change notifications. */
export const MAX_KEY_LENGTH = 512;

/** Longest namespace name. */
export const MAX_NAMESPACE_LENGTH = 128;

/** Longest time to live: ten years, in seconds. Longer is "never", which is what 0 means. */
export const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;

/** Thrown for a key, namespace or option the store cannot take; `field` is the UI name. */
export class StateInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'StateInputError';
	}
}

/** @throws StateInputError when the key is empty, too long or holds control characters */
export function validateStateKey(key: unknown, field = 'Key'): string {
	return validateName(key, field, MAX_KEY_LENGTH);
}

/** @throws StateInputError when the namespace is empty, too long or holds control characters */
export function validateNamespace(namespace: unknown, field = 'Namespace'): string {
	return validateName(namespace, field, MAX_NAMESPACE_LENGTH);
}

/** @throws StateInputError unless the value is a whole number of seconds in range (0 = never) */
export function validateTtlSeconds(ttl: unknown, field = 'Time to Live (Seconds)'): number {
	if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS) {
		throw new StateInputError(
			field,
			`${field} must be a whole number of seconds between 0 and ${MAX_TTL_SECONDS}, got ${JSON.stringify(ttl)}`,
			'Use 0 for records that never expire.',
		);
	}
	return ttl;
}

function validateName(value: unknown, field: string, maxLength: number): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new StateInputError(
			field,
			`${field} must be text, got ${value === null ? 'null' : typeof value}`,
			`Set ${field} to a text value or an expression that returns one.`,
		);
	}
	const text = String(value);
	if (text.length === 0) {
		throw new StateInputError(field, `${field} is empty`, `Set ${field} to a non-empty value.`);
	}
	if (text.length > maxLength) {
		throw new StateInputError(
			field,
			`${field} is ${text.length} characters long; at most ${maxLength} are allowed`,
			`Shorten ${field}, for example by hashing the long part.`,
		);
	}
	if (/[\u0000-\u001f\u007f]/.test(text)) {
		throw new StateInputError(
			field,
			`${field} contains control characters (such as a newline or tab)`,
			`Remove them from ${field}; expressions can use .trim() or .replace().`,
		);
	}
	return text;
}
