import {
	PAYLOAD_NAMESPACE,
	PAYLOAD_REFERENCE_FIELD,
	findPayloadReference,
	type PayloadReference,
} from '../../lib/protocol/payload-reference';
import { readStoredPayload, type StoredPayloadProblem } from '../../lib/protocol/stored-payload';
import type { StateStore } from '../../lib/state';
import { refusal, type CallAnswer } from './call-answers';

/** The outcome of {@link resolvePayload}: the body the workflow gets, or the refusal to send. */
export type PayloadResolution =
	| { resolved: true; body: unknown; reference?: PayloadReference }
	| { resolved: false; answer: CallAnswer };

const PROBLEM_MESSAGES: Record<StoredPayloadProblem, string> = {
	sizeMismatch:
		'does not have the size the reference states: it was changed after the call was sent',
	digestMismatch:
		'does not match the SHA-256 digest in the reference: it was changed after the call was sent',
	unreadable: 'is not JSON text: the sender stored something else under its key',
};

/**
 * Replaces a payload reference (`{ "$wfcPayloadRef": {...} }`) with the body it points to, checked
 * against its digest; any other body passes through unchanged. Only the payload namespace may be
 * read: a reference is caller input, and must not become a way to read other shared state.
 * @param openStore opened only when the body is a reference.
 */
export async function resolvePayload(
	body: unknown,
	openStore: () => Promise<StateStore>,
): Promise<PayloadResolution> {
	const reference = findPayloadReference(body);
	if (!reference) {
		if (!hasReferenceField(body)) return { resolved: true, body };
		return refuse(
			400,
			'invalid_payload_reference',
			`The body's ${PAYLOAD_REFERENCE_FIELD} is not a version 1 reference { version, namespace, key, bytes, sha256 }, or the body has other fields beside it`,
		);
	}
	if (reference.namespace !== PAYLOAD_NAMESPACE) {
		return refuse(
			400,
			'invalid_payload_reference',
			`A payload reference must point into the namespace "${PAYLOAD_NAMESPACE}", not "${reference.namespace}"`,
		);
	}

	const store = await openStore();
	const stored = (await store.getMany(PAYLOAD_NAMESPACE, [reference.key])).get(reference.key);
	if (!stored) {
		return refuse(
			422,
			'payload_unavailable',
			`The referenced body "${reference.key}" is not in the store: it expired or was never written. Check that the caller and this trigger use the same store, and that its time to live outlasts the call's retries.`,
			'missing',
		);
	}
	const check = readStoredPayload(reference, stored.value);
	if (!check.ok) {
		return refuse(
			422,
			'payload_unavailable',
			`The referenced body "${reference.key}" ${PROBLEM_MESSAGES[check.problem]}`,
			check.problem,
		);
	}
	return { resolved: true, body: check.body, reference };
}

function hasReferenceField(body: unknown): boolean {
	return typeof body === 'object' && body !== null && PAYLOAD_REFERENCE_FIELD in body;
}

function refuse(
	status: number,
	error: string,
	message: string,
	reason?: string,
): PayloadResolution {
	return { resolved: false, answer: refusal(status, error, reason, message) };
}
