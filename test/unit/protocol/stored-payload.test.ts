import { payloadDigest } from '../../../lib/protocol/payload-reference';
import { readStoredPayload, storablePayload } from '../../../lib/protocol/stored-payload';

describe('storablePayload', () => {
	it('stores the JSON text and describes it by size and digest', () => {
		const { value, reference } = storablePayload({ name: 'Zoë' }, 'k');

		expect(value).toBe('{"name":"Zoë"}');
		expect(reference).toEqual({
			version: 1,
			namespace: 'wfc.payloads',
			key: 'k',
			bytes: 15,
			sha256: payloadDigest('{"name":"Zoë"}'),
		});
	});
});

describe('readStoredPayload', () => {
	it('returns the body stored as JSON text', () => {
		const { value, reference } = storablePayload({ b: 1, a: [2] }, 'k');

		expect(readStoredPayload(reference, value)).toEqual({ ok: true, body: { b: 1, a: [2] } });
	});

	it('accepts a body stored as a JSON value whose text matches the digest', () => {
		const { reference } = storablePayload({ a: 1 }, 'k');

		expect(readStoredPayload(reference, { a: 1 })).toEqual({ ok: true, body: { a: 1 } });
	});

	it('says the digest does not match when a stored value was re-encoded with other key order', () => {
		const { reference } = storablePayload({ b: 1, a: 2 }, 'k');

		expect(readStoredPayload(reference, { a: 2, b: 1 })).toEqual({
			ok: false,
			problem: 'digestMismatch',
		});
	});

	it('says the size does not match when the stored text is longer or shorter', () => {
		const { reference } = storablePayload({ a: 1 }, 'k');

		expect(readStoredPayload(reference, '{"a":10}')).toEqual({
			ok: false,
			problem: 'sizeMismatch',
		});
	});
});
