import { createHmac, timingSafeEqual } from 'node:crypto';

import { HEADERS } from '../protocol/headers';
import { InvalidCallOptionError } from './errors';

/** How far a signature's timestamp may be from the receiver's clock. @default 300 */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

// v2 signs the idempotency key with the body. v1 signed the body alone, so two calls with equal
// bodies made in the same second (a fan-out over identical items) carried equal signatures and
// the receiver refused all but the first as replays.
const SIGNATURE_VERSION = 'v2';
const SIGNATURE_PATTERN = /^v2=([0-9a-f]{64})$/;
const TIMESTAMP_PATTERN = /^\d{1,12}$/;

/** The raw body exactly as sent or received; a re-serialized object would not match. */
export type SignedBody = string | Buffer;

/** The headers that authenticate one request, and their values. */
export interface RequestSignature {
	/** Unix seconds, as sent in {@link HEADERS.signatureTimestamp}. */
	timestamp: string;
	/** `v2=<hex>`, as sent in {@link HEADERS.signature}. */
	signature: string;
	headers: Record<string, string>;
}

/**
 * Signs a request with the shared secret: HMAC-SHA256 over
 * `<unix seconds>.<idempotency key>.<raw body>`. The timestamp is inside the signed string so an
 * old request cannot be replayed with a new one; the idempotency key is, so that every distinct
 * call has its own signature and the key cannot be swapped to slip past deduplication.
 * @param idempotencyKey The `idempotency-key` header's value; '' when the request sends none.
 * @param nowMs Epoch milliseconds; defaults to the clock.
 * @throws InvalidCallOptionError when the secret is empty.
 */
export function signRequest(
	secret: string | Buffer,
	body: SignedBody,
	idempotencyKey: string,
	nowMs: number = Date.now(),
): RequestSignature {
	requireSecret(secret);
	const timestamp = String(Math.floor(nowMs / 1000));
	const hex = computeHmacHex(secret, timestamp, idempotencyKey, body);
	const signature = `${SIGNATURE_VERSION}=${hex}`;

	return {
		timestamp,
		signature,
		headers: { [HEADERS.signatureTimestamp]: timestamp, [HEADERS.signature]: signature },
	};
}

/** The inputs of {@link verifySignature}. Header values as Node's `IncomingMessage` gives them. */
export interface VerifySignatureInput {
	secret: string | Buffer;
	body: SignedBody;
	timestampHeader: string | string[] | undefined;
	signatureHeader: string | string[] | undefined;
	/** The `idempotency-key` header as received; absent counts as ''. */
	idempotencyKeyHeader: string | string[] | undefined;
	/** Epoch milliseconds; defaults to the clock. */
	now?: number;
	/** @default DEFAULT_SIGNATURE_TOLERANCE_SECONDS */
	toleranceSeconds?: number;
}

/** Why a signature was refused. */
export type SignatureRejection = 'missing' | 'malformed' | 'expired' | 'mismatch';

/** The outcome of {@link verifySignature}. */
export type SignatureVerification =
	| {
			valid: true;
			/** Unix seconds the sender signed at. */
			timestamp: number;
			/**
			 * Unique per signed request: a receiver that refuses replays stores it until
			 * `timestamp + toleranceSeconds` and refuses a second request carrying it.
			 */
			replayKey: string;
	  }
	| { valid: false; reason: SignatureRejection };

/**
 * Checks a received request against the shared secret. Compares in constant time, so the answer
 * time does not reveal how much of a forged signature was right. A timestamp in the future by
 * more than the tolerance counts as `expired` too: the window is symmetric to allow clock skew.
 * @throws InvalidCallOptionError when the secret is empty: that is the receiver's configuration.
 */
export function verifySignature(input: VerifySignatureInput): SignatureVerification {
	requireSecret(input.secret);

	const timestampText = firstValue(input.timestampHeader)?.trim();
	const signatureText = firstValue(input.signatureHeader)?.trim();
	if (!timestampText || !signatureText) return { valid: false, reason: 'missing' };

	const signatureMatch = SIGNATURE_PATTERN.exec(signatureText.toLowerCase());
	if (!TIMESTAMP_PATTERN.test(timestampText) || !signatureMatch) {
		return { valid: false, reason: 'malformed' };
	}

	const timestamp = Number(timestampText);
	const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
	const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
	if (Math.abs(nowSeconds - timestamp) > tolerance) {
		return { valid: false, reason: 'expired' };
	}

	const idempotencyKey = firstValue(input.idempotencyKeyHeader) ?? '';
	const expected = Buffer.from(
		computeHmacHex(input.secret, timestampText, idempotencyKey, input.body),
		'hex',
	);
	const received = Buffer.from(signatureMatch[1], 'hex');
	if (!timingSafeEqual(expected, received)) return { valid: false, reason: 'mismatch' };

	return { valid: true, timestamp, replayKey: signatureMatch[1] };
}

function requireSecret(secret: string | Buffer): void {
	if (secret.length === 0) {
		throw new InvalidCallOptionError('signingSecret', 'signingSecret must not be empty');
	}
}

function computeHmacHex(
	secret: string | Buffer,
	timestamp: string,
	idempotencyKey: string,
	body: SignedBody,
): string {
	return createHmac('sha256', secret)
		.update(`${timestamp}.${idempotencyKey}.`)
		.update(body)
		.digest('hex');
}

function firstValue(header: string | string[] | undefined): string | undefined {
	return Array.isArray(header) ? header[0] : header;
}
