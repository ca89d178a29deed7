import { PAYLOAD_NAMESPACE, payloadDigest, type PayloadReference } from './payload-reference';

/** What the sender writes to the store and the reference it sends in place of the body. */
export interface StorablePayload {
	/**
	 * The body's JSON text, stored as a string value: a store that re-encodes JSON (PostgreSQL's
	 * jsonb reorders keys) would otherwise change the text the digest was taken over.
	 */
	value: string;
	reference: PayloadReference;
}

/** Builds the stored value and the reference for a body sent by reference under `key`. */
export function storablePayload(body: unknown, key: string): StorablePayload {
	const value = JSON.stringify(body);
	return {
		value,
		reference: {
			version: 1,
			namespace: PAYLOAD_NAMESPACE,
			key,
			bytes: Buffer.byteLength(value, 'utf8'),
			sha256: payloadDigest(value),
		},
	};
}

/** Why a stored body could not be used. */
export type StoredPayloadProblem = 'sizeMismatch' | 'digestMismatch' | 'unreadable';

/** The outcome of {@link readStoredPayload}. */
export type StoredPayloadCheck =
	{ ok: true; body: unknown } | { ok: false; problem: StoredPayloadProblem };

/**
 * Checks a stored body against its reference and returns it. Accepts the JSON text as a string
 * (what {@link storablePayload} writes) and, for senders that stored the value itself, a JSON
 * value whose `JSON.stringify` text matches the digest.
 */
export function readStoredPayload(
	reference: PayloadReference,
	storedValue: unknown,
): StoredPayloadCheck {
	const text = typeof storedValue === 'string' ? storedValue : JSON.stringify(storedValue);
	if (text === undefined) return { ok: false, problem: 'unreadable' };
	if (Buffer.byteLength(text, 'utf8') !== reference.bytes) {
		return { ok: false, problem: 'sizeMismatch' };
	}
	if (payloadDigest(text) !== reference.sha256.toLowerCase()) {
		return { ok: false, problem: 'digestMismatch' };
	}
	if (typeof storedValue !== 'string') return { ok: true, body: storedValue };

	try {
		return { ok: true, body: JSON.parse(text) as unknown };
	} catch {
		// The digest matched, so the sender stored text that is not JSON: nothing to hand on.
		return { ok: false, problem: 'unreadable' };
	}
}
