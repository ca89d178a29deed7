import { createHash } from 'node:crypto';

import { InvalidCallOptionError } from './errors';

/** Longest idempotency key accepted from a user; keys are stored and sent as a header. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

const DERIVED_KEY_PREFIX = 'wfc1_';
// 128 bits of the hash: collisions between calls of one deployment are not a practical concern.
const DERIVED_KEY_HEX_LENGTH = 32;
// Printable ASCII, space included. Anything else could be mangled or refused as a header value.
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** What identifies one logical call, for {@link deriveIdempotencyKey}. */
export interface IdempotencyKeySource {
	/** The business transaction the call belongs to. */
	correlationId: string;
	/** Where the call goes, e.g. the webhook URL or the target workflow ID. */
	target: string;
	/** The input item the call is made for. */
	itemIndex: number;
}

/**
 * A short key that is the same every time the same call is made, so a retried execution (not
 * only a retried attempt) is recognised by the receiver. Distinct inputs give distinct keys:
 * the parts are JSON-encoded before hashing, so `('a:b', 'c')` and `('a', 'b:c')` differ.
 */
export function deriveIdempotencyKey(source: IdempotencyKeySource): string {
	const encoded = JSON.stringify([source.correlationId, source.target, source.itemIndex]);
	const digest = createHash('sha256').update(encoded).digest('hex');
	return DERIVED_KEY_PREFIX + digest.slice(0, DERIVED_KEY_HEX_LENGTH);
}

/**
 * Checks an idempotency key a user typed or mapped from data.
 * @param fieldName How the caller names the field in messages, e.g. the node parameter's label.
 * @returns The key unchanged.
 * @throws InvalidCallOptionError naming `fieldName`, saying what is wrong with the value.
 */
export function validateIdempotencyKey(value: string, fieldName = 'idempotencyKey'): string {
	if (value.length === 0) {
		throw new InvalidCallOptionError(fieldName, `${fieldName} must not be empty`);
	}
	if (value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		throw new InvalidCallOptionError(
			fieldName,
			`${fieldName} is ${value.length} characters long; at most ${MAX_IDEMPOTENCY_KEY_LENGTH} are allowed`,
		);
	}
	if (!PRINTABLE_ASCII.test(value)) {
		throw new InvalidCallOptionError(
			fieldName,
			`${fieldName} may contain only printable ASCII characters (letters, digits, punctuation, spaces), got ${JSON.stringify(value)}`,
		);
	}
	// HTTP drops leading and trailing spaces from header values, so the receiver would see a
	// different key than the one stored here.
	if (value.trim() !== value) {
		throw new InvalidCallOptionError(
			fieldName,
			`${fieldName} must not start or end with a space, got ${JSON.stringify(value)}`,
		);
	}
	return value;
}
