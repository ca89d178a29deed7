import { callWithRetry, type CallRequest, type RetryPolicy } from '../../../lib/call';
import { failureOf } from './failure-of';
import {
	closedPort,
	reply,
	resetConnection,
	startScriptedServer,
	type ScriptedServer,
} from './scripted-server';

// Short, fixed waits keep the suite fast and the schedule predictable.
const FAST: Partial<RetryPolicy> = { initialDelayMs: 20, jitter: 'none' };

function requestTo(url: string): CallRequest {
	return { url, body: { orderId: 42 }, correlationId: 'order-42', idempotencyKey: 'wfc1_test' };
}

describe('callWithRetry against a scripted server: retries', () => {
	let server: ScriptedServer | undefined;

	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('retries a 503 twice and returns the answer of the third attempt', async () => {
		server = await startScriptedServer([reply(503), reply(503), reply(200, { accepted: true })]);

		const result = await callWithRetry(requestTo(server.url), { policy: FAST });

		expect(result.status).toBe(200);
		expect(result.body).toEqual({ accepted: true });
		expect(result.attempts).toBe(3);
		expect(result.attemptLog.map((entry) => entry.status)).toEqual([503, 503, 200]);
		expect(result.attemptLog.map((entry) => entry.delayBeforeMs)).toEqual([0, 20, 40]);
		expect(server.requests).toHaveLength(3);
	});

	it('honours Retry-After on a 429 instead of its own backoff', async () => {
		server = await startScriptedServer([
			reply(429, { error: 'slow down' }, { 'retry-after': '1' }),
			reply(200, { ok: true }),
		]);

		const result = await callWithRetry(requestTo(server.url), { policy: FAST });

		expect(result.attempts).toBe(2);
		expect(result.attemptLog[1].delayBeforeMs).toBe(1000);
		expect(result.durationMs).toBeGreaterThanOrEqual(900);
	});

	it('retries a connection the server drops without answering', async () => {
		server = await startScriptedServer([resetConnection, reply(200, { ok: true })]);

		const result = await callWithRetry(requestTo(server.url), { policy: FAST });

		expect(result.status).toBe(200);
		expect(result.attemptLog[0].errorCode).toBe('ECONNRESET');
		expect(result.attempts).toBe(2);
	});

	it('does not retry a 400 and reports the status and the start of the body', async () => {
		server = await startScriptedServer([reply(400, { error: 'x'.repeat(2000) })]);

		const failure = await failureOf(callWithRetry(requestTo(server.url), { policy: FAST }));

		expect(failure.reason).toBe('status');
		expect(failure.status).toBe(400);
		expect(failure.attempts).toBe(1);
		expect(failure.bodyExcerpt).toHaveLength(500);
		expect(failure.bodyExcerpt?.startsWith('{"error":"xxx')).toBe(true);
		expect(failure.message).toBe(
			`The call to ${server.url} was answered with status 400 (1 attempt)`,
		);
		expect(server.requests).toHaveLength(1);
	});

	it('gives up with the last status once maxAttempts is reached', async () => {
		server = await startScriptedServer([reply(502, { error: 'bad gateway' })]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), { policy: { ...FAST, maxAttempts: 3 } }),
		);

		expect(failure.reason).toBe('status');
		expect(failure.status).toBe(502);
		expect(failure.attempts).toBe(3);
		expect(server.requests).toHaveLength(3);
	});

	it('lets neverRetryStatuses stop a status the default would retry', async () => {
		server = await startScriptedServer([reply(503), reply(200)]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), { policy: { ...FAST, neverRetryStatuses: [503] } }),
		);

		expect(failure.status).toBe(503);
		expect(server.requests).toHaveLength(1);
	});

	it('retries a refused connection and then reports a network failure', async () => {
		const url = `http://127.0.0.1:${await closedPort()}/webhook/target`;
		const seen: Array<string | undefined> = [];

		const failure = await failureOf(
			callWithRetry(requestTo(url), {
				policy: { ...FAST, maxAttempts: 3 },
				onAttempt: (info) => seen.push(info.errorCode),
			}),
		);

		expect(failure.reason).toBe('network');
		expect(failure.attempts).toBe(3);
		expect(failure.status).toBeUndefined();
		expect(failure.cause).toBeDefined();
		expect(seen).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
	});

	it('does not retry network failures when the policy says not to', async () => {
		const url = `http://127.0.0.1:${await closedPort()}/webhook/target`;

		const failure = await failureOf(
			callWithRetry(requestTo(url), { policy: { ...FAST, retryOnNetworkErrors: false } }),
		);

		expect(failure.reason).toBe('network');
		expect(failure.attempts).toBe(1);
	});

	it('returns a body that is not JSON as text', async () => {
		server = await startScriptedServer([
			(_request, response) => {
				response.writeHead(200, { 'content-type': 'text/plain' });
				response.end('Workflow was started');
			},
		]);

		const result = await callWithRetry(requestTo(server.url), { policy: FAST });

		expect(result.body).toBe('Workflow was started');
		expect(result.headers['content-type']).toBe('text/plain');
	});
});
