import { InvalidCallOptionError } from '../../../lib/call/errors';
import { signRequest, verifySignature } from '../../../lib/call/signing';
import { HEADERS } from '../../../lib/protocol/headers';

// Expected values computed outside this code base with openssl, e.g.
//   printf '%s' '1700000000.order-42.{"a":1}' | openssl dgst -sha256 -hmac secret
const VECTORS = [
	{
		secret: 'secret',
		timestamp: 1_700_000_000,
		idempotencyKey: 'order-42',
		body: '{"a":1}',
		hex: '6cf4940a684f9ddd7baa79d8392de015fd048a1d1bf65a0bc9a2d3f2fe3b1273',
	},
	{
		secret: 'secret',
		timestamp: 1_700_000_000,
		idempotencyKey: '',
		body: '',
		hex: 'c50a775b1c8ce1489f25831a073a3c25c3120bd5a16eeeaf60cc1965e66e6e8a',
	},
	{
		secret: 'another-secret',
		timestamp: 1_712_345_678,
		idempotencyKey: 'wfc1_0123456789abcdef0123456789abcdef',
		body: '{"name":"Zoë","items":[1,2,3]}',
		hex: '00bf0695e1d944ec0ae57ed9070af71c96b110ca3cd4fab72273403fe3b89221',
	},
];

const SIGNED_AT_MS = 1_700_000_000_000;
const VALID = {
	secret: 'secret',
	body: '{"a":1}',
	timestampHeader: '1700000000',
	signatureHeader: 'v2=6cf4940a684f9ddd7baa79d8392de015fd048a1d1bf65a0bc9a2d3f2fe3b1273',
	idempotencyKeyHeader: 'order-42',
	now: SIGNED_AT_MS + 10_000,
};

describe('signRequest', () => {
	it.each(VECTORS)('matches the openssl vector for body $body', (vector) => {
		const signed = signRequest(
			vector.secret,
			vector.body,
			vector.idempotencyKey,
			vector.timestamp * 1000 + 999,
		);

		expect(signed.timestamp).toBe(String(vector.timestamp));
		expect(signed.signature).toBe(`v2=${vector.hex}`);
		expect(signed.headers).toEqual({
			[HEADERS.signatureTimestamp]: String(vector.timestamp),
			[HEADERS.signature]: `v2=${vector.hex}`,
		});
	});

	it('signs a Buffer body the same as its UTF-8 text', () => {
		const vector = VECTORS[2];
		const fromBuffer = signRequest(
			vector.secret,
			Buffer.from(vector.body, 'utf8'),
			vector.idempotencyKey,
			1_712_345_678_000,
		);
		expect(fromBuffer.signature).toBe(`v2=${vector.hex}`);
	});

	it('refuses an empty secret, naming the option', () => {
		expect(() => signRequest('', '{}', '')).toThrow(InvalidCallOptionError);
		expect(() => signRequest('', '{}', '')).toThrow('signingSecret must not be empty');
	});
});

describe('verifySignature', () => {
	it('accepts a valid signature and returns the signature as the replay key', () => {
		expect(verifySignature(VALID)).toEqual({
			valid: true,
			timestamp: 1_700_000_000,
			replayKey: '6cf4940a684f9ddd7baa79d8392de015fd048a1d1bf65a0bc9a2d3f2fe3b1273',
		});
	});

	it('accepts what signRequest produced, with headers as arrays and a Buffer body', () => {
		const signed = signRequest('s3cret', '{"x":[true,null]}', 'k-1', SIGNED_AT_MS);
		const result = verifySignature({
			secret: 's3cret',
			body: Buffer.from('{"x":[true,null]}'),
			timestampHeader: [signed.timestamp],
			signatureHeader: [signed.signature],
			idempotencyKeyHeader: ['k-1'],
			now: SIGNED_AT_MS,
		});
		expect(result.valid).toBe(true);
	});

	it('reports missing when either header is absent or empty', () => {
		expect(verifySignature({ ...VALID, timestampHeader: undefined })).toEqual({
			valid: false,
			reason: 'missing',
		});
		expect(verifySignature({ ...VALID, signatureHeader: '' })).toEqual({
			valid: false,
			reason: 'missing',
		});
		expect(verifySignature({ ...VALID, signatureHeader: [] })).toMatchObject({ reason: 'missing' });
	});

	it.each([
		[
			'the retired v1 scheme, which did not sign the key',
			{ signatureHeader: 'v1=' + 'a'.repeat(64) },
		],
		['a short signature', { signatureHeader: 'v2=abcd' }],
		['a bare hex signature', { signatureHeader: 'a'.repeat(64) }],
		['a non-numeric timestamp', { timestampHeader: 'yesterday' }],
		['a timestamp in milliseconds', { timestampHeader: '1700000000000' }],
	])('reports malformed for %s', (_label, change) => {
		expect(verifySignature({ ...VALID, ...change })).toEqual({ valid: false, reason: 'malformed' });
	});

	it('reports expired outside the tolerance, in either direction', () => {
		expect(verifySignature({ ...VALID, now: SIGNED_AT_MS + 301_000 })).toMatchObject({
			reason: 'expired',
		});
		expect(verifySignature({ ...VALID, now: SIGNED_AT_MS - 301_000 })).toMatchObject({
			reason: 'expired',
		});
		expect(verifySignature({ ...VALID, now: SIGNED_AT_MS + 300_000 }).valid).toBe(true);
		expect(
			verifySignature({ ...VALID, now: SIGNED_AT_MS + 20_000, toleranceSeconds: 10 }),
		).toMatchObject({ reason: 'expired' });
	});

	it('reports mismatch for another secret, body, timestamp or idempotency key', () => {
		expect(verifySignature({ ...VALID, idempotencyKeyHeader: 'order-43' })).toMatchObject({
			reason: 'mismatch',
		});
		expect(verifySignature({ ...VALID, idempotencyKeyHeader: undefined })).toMatchObject({
			reason: 'mismatch',
		});
		expect(verifySignature({ ...VALID, secret: 'Secret' })).toMatchObject({ reason: 'mismatch' });
		expect(verifySignature({ ...VALID, body: '{"a": 1}' })).toMatchObject({ reason: 'mismatch' });
		expect(verifySignature({ ...VALID, timestampHeader: '1700000001' })).toMatchObject({
			reason: 'mismatch',
		});
	});

	it('refuses to verify with an empty secret, naming the option', () => {
		expect(() => verifySignature({ ...VALID, secret: '' })).toThrow(InvalidCallOptionError);
	});
});
