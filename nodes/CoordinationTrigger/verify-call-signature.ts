import type { IncomingMessage } from 'node:http';

import { verifySignature, type SignatureRejection } from '../../lib/call';
import { HEADERS } from '../../lib/protocol/headers';
import { refusal, type CallAnswer } from './call-answers';

/** A signature that checked out: what the replay guard needs. */
export interface VerifiedSignature {
	replayKey: string;
	/** Unix seconds the caller signed at. */
	signedAt: number;
}

/** The outcome of {@link verifyCallSignature}. */
export type SignatureCheck =
	| { valid: true; signature: VerifiedSignature }
	| { valid: false; reason: SignatureRejection; answer: CallAnswer };

const REJECTION_MESSAGES: Record<SignatureRejection, string> = {
	missing: `The call is not signed: the ${HEADERS.signatureTimestamp} and ${HEADERS.signature} headers are required. Choose the same Workflow Coordination Signing API credential on the calling node.`,
	malformed: `The ${HEADERS.signatureTimestamp} or ${HEADERS.signature} header is malformed: expected Unix seconds and "v2=<64 hex digits>".`,
	expired:
		'The signature timestamp is outside the accepted window. Check that the clocks of the caller and of this n8n agree, and sign each attempt when it is sent.',
	mismatch:
		'The signature does not match the body and idempotency key. Check that the caller and this trigger use the same shared secret and that nothing rewrites the body on the way.',
};

/**
 * Checks the caller's signature over the body exactly as received. n8n keeps those bytes in
 * `rawBody` after parsing; a re-serialized `body` would differ in spacing and key order.
 */
export function verifyCallSignature(
	request: IncomingMessage,
	secret: string,
	toleranceSeconds: number,
	now: number = Date.now(),
): SignatureCheck {
	const verification = verifySignature({
		secret,
		body: request.rawBody ?? Buffer.alloc(0),
		timestampHeader: request.headers[HEADERS.signatureTimestamp],
		signatureHeader: request.headers[HEADERS.signature],
		idempotencyKeyHeader: request.headers[HEADERS.idempotencyKey],
		toleranceSeconds,
		now,
	});
	if (verification.valid) {
		return {
			valid: true,
			signature: { replayKey: verification.replayKey, signedAt: verification.timestamp },
		};
	}
	return {
		valid: false,
		reason: verification.reason,
		answer: refusal(
			401,
			'invalid_signature',
			verification.reason,
			REJECTION_MESSAGES[verification.reason],
		),
	};
}
