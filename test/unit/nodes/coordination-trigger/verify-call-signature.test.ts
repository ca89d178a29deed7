import type { IncomingMessage } from 'node:http';

import { signRequest } from '../../../../lib/call';
import { verifyCallSignature } from '../../../../nodes/CoordinationTrigger/verify-call-signature';

const SECRET = 'unit-secret';
const NOW = Date.UTC(2026, 11, 4, 10, 0, 0);

function request(rawBody: string | undefined, headers: Record<string, string>): IncomingMessage {
	return {
		rawBody: rawBody === undefined ? undefined : Buffer.from(rawBody),
		headers,
	} as unknown as IncomingMessage;
}

describe('verifyCallSignature', () => {
	it('accepts the raw bytes that were signed, even when they are not how JSON.stringify writes them', () => {
		const raw = '{ "b": 2,  "a": 1 }';
		const { headers, signature } = signRequest(SECRET, raw, '', NOW);

		const check = verifyCallSignature(request(raw, headers), SECRET, 300, NOW);

		expect(check).toEqual({
			valid: true,
			signature: { replayKey: signature.slice(3), signedAt: NOW / 1000 },
		});
	});

	it.each([
		['missing', {}],
		['malformed', { 'x-wfc-timestamp': 'yesterday', 'x-wfc-signature': 'v2=zz' }],
	])('answers 401 invalid_signature with reason %s', (reason, headers) => {
		const check = verifyCallSignature(request('{}', headers), SECRET, 300, NOW);

		expect(check).toMatchObject({
			valid: false,
			reason,
			answer: { status: 401, body: { error: 'invalid_signature', reason } },
		});
	});

	it('refuses a signature older than the window with reason expired', () => {
		const { headers } = signRequest(SECRET, '{}', '', NOW - 301_000);

		expect(verifyCallSignature(request('{}', headers), SECRET, 300, NOW)).toMatchObject({
			reason: 'expired',
		});
	});

	it('refuses a body changed after signing with reason mismatch', () => {
		const { headers } = signRequest(SECRET, '{"amount":1}', '', NOW);

		expect(verifyCallSignature(request('{"amount":9}', headers), SECRET, 300, NOW)).toMatchObject({
			reason: 'mismatch',
			answer: { status: 401 },
		});
	});

	it('checks the idempotency key the request carries, which the caller signed with the body', () => {
		const { headers } = signRequest(SECRET, '{}', 'order-7', NOW);

		const withKey = { ...headers, 'idempotency-key': 'order-7' };
		const swapped = { ...headers, 'idempotency-key': 'order-8' };
		expect(verifyCallSignature(request('{}', withKey), SECRET, 300, NOW).valid).toBe(true);
		expect(verifyCallSignature(request('{}', swapped), SECRET, 300, NOW)).toMatchObject({
			reason: 'mismatch',
		});
		expect(verifyCallSignature(request('{}', headers), SECRET, 300, NOW)).toMatchObject({
			reason: 'mismatch',
		});
	});

	it('checks a request without a raw body as an empty body', () => {
		const { headers } = signRequest(SECRET, '', '', NOW);

		expect(verifyCallSignature(request(undefined, headers), SECRET, 300, NOW).valid).toBe(true);
	});
});
