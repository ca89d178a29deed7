import { callWithRetry, verifySignature, type CallRequest } from '../../../lib/call';
import { HEADERS } from '../../../lib/protocol/headers';
import { reply, startScriptedServer, type ScriptedServer } from './scripted-server';

const SECRET = 'integration-test-secret';

describe('callWithRetry against a scripted server: what the receiver sees', () => {
	let server: ScriptedServer | undefined;

	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('sends the same correlation ID and idempotency key and a valid signature on every attempt', async () => {
		server = await startScriptedServer([reply(503), reply(503), reply(200, { ok: true })]);
		const request: CallRequest = {
			url: server.url,
			body: { name: 'Zoë', items: [1, 2, 3] },
			correlationId: 'order-42:0',
			idempotencyKey: 'wfc1_0123456789abcdef',
			signingSecret: SECRET,
			headers: { 'X-Correlation-Id': 'spoofed', 'X-Custom': 'kept' },
		};

		await callWithRetry(request, { policy: { initialDelayMs: 10, jitter: 'none' } });

		expect(server.requests).toHaveLength(3);
		server.requests.forEach((seen, index) => {
			expect(seen.method).toBe('POST');
			expect(seen.headers[HEADERS.correlationId]).toBe('order-42:0');
			expect(seen.headers[HEADERS.idempotencyKey]).toBe('wfc1_0123456789abcdef');
			expect(seen.headers[HEADERS.attempt]).toBe(String(index + 1));
			expect(seen.headers['x-custom']).toBe('kept');
			expect(seen.headers['content-type']).toBe('application/json; charset=utf-8');
			expect(JSON.parse(seen.rawBody.toString('utf8'))).toEqual(request.body);
			const verification = verifySignature({
				secret: SECRET,
				body: seen.rawBody,
				timestampHeader: seen.headers[HEADERS.signatureTimestamp],
				signatureHeader: seen.headers[HEADERS.signature],
				idempotencyKeyHeader: seen.headers[HEADERS.idempotencyKey],
			});
			expect(verification).toMatchObject({ valid: true });
		});
	});

	it('sends no signature headers without a secret', async () => {
		server = await startScriptedServer([reply(204)]);

		await callWithRetry({ url: server.url, correlationId: 'c-1', idempotencyKey: 'k-1' });

		expect(server.requests[0].headers[HEADERS.signature]).toBeUndefined();
		expect(server.requests[0].headers[HEADERS.signatureTimestamp]).toBeUndefined();
		expect(server.requests[0].rawBody).toHaveLength(0);
	});

	it('reuses one kept-alive connection for consecutive calls', async () => {
		server = await startScriptedServer([reply(200, { ok: true })]);
		const calls = 5;

		for (let call = 0; call < calls; call++) {
			await callWithRetry({
				url: server.url,
				body: { call },
				correlationId: 'keep-alive',
				idempotencyKey: `k-${call}`,
			});
		}

		expect(server.requests).toHaveLength(calls);
		expect(server.connectionCount()).toBeLessThan(calls);
	});
});
