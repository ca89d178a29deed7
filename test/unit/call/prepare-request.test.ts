import { InvalidCallOptionError } from '../../../lib/call/errors';
import { buildAttempt, prepareRequest } from '../../../lib/call/prepare-request';
import { verifySignature } from '../../../lib/call/signing';
import type { CallRequest } from '../../../lib/call/types';
import { HEADERS } from '../../../lib/protocol/headers';

const REQUEST: CallRequest = {
	url: 'https://n8n.example/webhook/target?token=abc',
	body: { orderId: 42, note: 'Zoë' },
	correlationId: 'order-42',
	idempotencyKey: 'wfc1_abc',
};

function optionRefused(request: CallRequest): string {
	try {
		prepareRequest(request);
	} catch (error) {
		if (error instanceof InvalidCallOptionError) return error.option;
		throw error;
	}
	throw new Error('expected the request to be refused');
}

describe('prepareRequest', () => {
	it('posts the body serialized once as UTF-8 JSON', () => {
		const prepared = prepareRequest(REQUEST);

		expect(prepared.method).toBe('POST');
		expect(prepared.body?.toString('utf8')).toBe('{"orderId":42,"note":"Zoë"}');
		expect(prepared.baseHeaders['content-type']).toBe('application/json; charset=utf-8');
	});

	it('sends no body and no content type when there is none', () => {
		const prepared = prepareRequest({ ...REQUEST, method: 'GET', body: undefined });

		expect(prepared.body).toBeUndefined();
		expect(prepared.baseHeaders['content-type']).toBeUndefined();
	});

	it('sets the protocol headers over user headers of the same name, in any case', () => {
		const prepared = prepareRequest({
			...REQUEST,
			headers: { 'X-Correlation-ID': 'spoofed', 'Idempotency-Key': 'other', 'X-Extra': '1' },
		});

		expect(prepared.baseHeaders[HEADERS.correlationId]).toBe('order-42');
		expect(prepared.baseHeaders[HEADERS.idempotencyKey]).toBe('wfc1_abc');
		expect(prepared.baseHeaders['x-extra']).toBe('1');
		expect(Object.keys(prepared.baseHeaders)).not.toContain('X-Correlation-ID');
	});

	it.each<[string, Partial<CallRequest>]>([
		['url', { url: '/webhook/relative' }],
		['url', { url: 'ftp://n8n.example/file' }],
		['correlationId', { correlationId: 'has spaces' }],
		['idempotencyKey', { idempotencyKey: '' }],
		['body', { method: 'GET' }],
		['signingSecret', { signingSecret: '' }],
	])('refuses a bad %s before sending anything', (option, change) => {
		expect(optionRefused({ ...REQUEST, ...change })).toBe(option);
	});
});

describe('buildAttempt', () => {
	it('numbers attempts and signs each one afresh with the same body and key', () => {
		const prepared = prepareRequest({ ...REQUEST, signingSecret: 'k' });
		const first = buildAttempt(prepared, 1, 1_700_000_000_000);
		const second = buildAttempt(prepared, 2, 1_700_000_042_000);

		expect(first.headers[HEADERS.attempt]).toBe('1');
		expect(second.headers[HEADERS.attempt]).toBe('2');
		expect(second.headers[HEADERS.signatureTimestamp]).toBe('1700000042');
		expect(second.headers[HEADERS.signature]).not.toBe(first.headers[HEADERS.signature]);
		expect(second.headers[HEADERS.idempotencyKey]).toBe(first.headers[HEADERS.idempotencyKey]);
		expect(second.body).toBe(first.body);

		const verification = verifySignature({
			secret: 'k',
			body: second.body ?? '',
			timestampHeader: second.headers[HEADERS.signatureTimestamp],
			signatureHeader: second.headers[HEADERS.signature],
			idempotencyKeyHeader: second.headers[HEADERS.idempotencyKey],
			now: 1_700_000_042_000,
		});
		expect(verification.valid).toBe(true);
	});

	it('adds no signature headers without a secret', () => {
		const attempt = buildAttempt(prepareRequest(REQUEST), 1);

		expect(attempt.headers[HEADERS.signature]).toBeUndefined();
		expect(attempt.headers[HEADERS.signatureTimestamp]).toBeUndefined();
	});
});
