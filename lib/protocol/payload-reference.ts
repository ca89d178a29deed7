import { createHash } from 'node:crypto';

/**
 * A large body sent by reference (the claim-check pattern): the sender stores the body in the
 * shared state store and sends only this object; the receiving Coordination Trigger reads the body
 * back from the same store and hands it to its workflow as if it had been sent inline. Both ends
 * must therefore use the same store (the embedded one on one host, or the same PostgreSQL table).
 */
export interface PayloadReference {
	/** Format version, so a receiver can refuse a reference it does not understand. */
	version: 1;
	/** Where the body is stored. */
	namespace: string;
	key: string;
	/** Size of the body's JSON text, for logs and sanity checks. */
	bytes: number;
	/** Hex SHA-256 of the body's JSON text: the receiver checks it before using the body. */
	sha256: string;
}

/** The one field of a body that is a reference: `{ "$wfcPayloadRef": { ... } }`. */
export const PAYLOAD_REFERENCE_FIELD = '$wfcPayloadRef';

/** The state-store namespace where referenced bodies live until their TTL ends. */
export const PAYLOAD_NAMESPACE = 'wfc.payloads';

/** Hex SHA-256 of a body's JSON text, as a {@link PayloadReference} records it. */
export function payloadDigest(jsonText: string): string {
	return createHash('sha256').update(jsonText, 'utf8').digest('hex');
}

/** The reference inside a received body, or undefined when the body was sent inline. */
export function findPayloadReference(body: unknown): PayloadReference | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const fields = Object.keys(body);
	if (fields.length !== 1 || fields[0] !== PAYLOAD_REFERENCE_FIELD) return undefined;
	const reference = (body as Record<string, unknown>)[PAYLOAD_REFERENCE_FIELD];
	if (typeof reference !== 'object' || reference === null) return undefined;
	const candidate = reference as Partial<PayloadReference>;
	const wellFormed =
		candidate.version === 1 &&
		typeof candidate.namespace === 'string' &&
		typeof candidate.key === 'string' &&
		typeof candidate.bytes === 'number' &&
		typeof candidate.sha256 === 'string';
	return wellFormed ? (candidate as PayloadReference) : undefined;
}
