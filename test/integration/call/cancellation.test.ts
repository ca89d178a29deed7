import { callWithRetry, type CallRequest, type RetryPolicy } from '../../../lib/call';
import { failureOf } from './failure-of';
import { hang, reply, startScriptedServer, type ScriptedServer } from './scripted-server';

const FAST: Partial<RetryPolicy> = { initialDelayMs: 20, jitter: 'none' };

function requestTo(url: string): CallRequest {
	return { url, body: { orderId: 42 }, correlationId: 'order-42', idempotencyKey: 'wfc1_test' };
}

describe('callWithRetry against a scripted server: timeouts, deadline, cancellation', () => {
	let server: ScriptedServer | undefined;

	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('aborts an attempt that hangs past its timeout and retries it', async () => {
		server = await startScriptedServer([hang, reply(200, { ok: true })]);

		const result = await callWithRetry(requestTo(server.url), {
			policy: FAST,
			attemptTimeoutMs: 200,
		});

		expect(result.status).toBe(200);
		expect(result.attemptLog[0].errorCode).toBe('TIMEOUT');
		expect(result.attemptLog[0].durationMs).toBeGreaterThanOrEqual(150);
		expect(result.attempts).toBe(2);
	});

	it('fails with timeout when every attempt hangs', async () => {
		server = await startScriptedServer([hang]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), {
				policy: { ...FAST, maxAttempts: 2 },
				attemptTimeoutMs: 150,
			}),
		);

		expect(failure.reason).toBe('timeout');
		expect(failure.attempts).toBe(2);
		expect(failure.message).toContain('attempt timeout of 150 ms');
	});

	it('does not retry a timeout when the policy says not to', async () => {
		server = await startScriptedServer([hang, reply(200)]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), {
				policy: { ...FAST, retryOnTimeout: false },
				attemptTimeoutMs: 150,
			}),
		);

		expect(failure.reason).toBe('timeout');
		expect(server.requests).toHaveLength(1);
	});

	it('stops retrying once the overall deadline has passed', async () => {
		server = await startScriptedServer([reply(503)]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), {
				policy: { ...FAST, maxAttempts: 1000, initialDelayMs: 50, multiplier: 1 },
				deadlineMs: 400,
			}),
		);

		expect(failure.reason).toBe('deadline');
		expect(failure.status).toBe(503);
		expect(failure.attempts).toBeGreaterThan(1);
		expect(failure.attempts).toBeLessThan(1000);
		expect(server.requests).toHaveLength(failure.attempts);
	});

	it('aborts the attempt in flight when the deadline passes during it', async () => {
		server = await startScriptedServer([hang]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), { attemptTimeoutMs: 10_000, deadlineMs: 300 }),
		);

		expect(failure.reason).toBe('deadline');
		expect(failure.attempts).toBe(1);
		expect(failure.attemptLog[0].errorCode).toBe('DEADLINE');
		expect(failure.durationMs).toBeGreaterThanOrEqual(250);
	});

	it('gives up at once when a Retry-After points past the deadline', async () => {
		server = await startScriptedServer([reply(503, undefined, { 'retry-after': '120' })]);

		const failure = await failureOf(callWithRetry(requestTo(server.url), { deadlineMs: 5000 }));

		expect(failure.reason).toBe('deadline');
		expect(failure.status).toBe(503);
		expect(failure.attempts).toBe(1);
	});

	it('cancels the call in flight when the signal fires, without another attempt', async () => {
		server = await startScriptedServer([hang]);
		const controller = new AbortController();
		const requestClosed = new Promise<void>((resolve) => {
			void server?.waitForRequests(1).then(() => {
				controller.abort();
				resolve();
			});
		});

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), { attemptTimeoutMs: 10_000, signal: controller.signal }),
		);
		await requestClosed;

		expect(failure.reason).toBe('cancelled');
		expect(failure.attempts).toBe(1);
		expect(failure.attemptLog[0].errorCode).toBe('CANCELLED');
		// Generous: only proves the 10 s attempt timeout was not what ended it.
		expect(failure.durationMs).toBeLessThan(5000);
		expect(server.requests).toHaveLength(1);
	});

	it('cancels during the wait between attempts', async () => {
		server = await startScriptedServer([reply(503)]);
		const controller = new AbortController();

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), {
				policy: { initialDelayMs: 10_000, jitter: 'none' },
				signal: controller.signal,
				onAttempt: (info) => {
					if (info.willRetry) controller.abort();
				},
			}),
		);

		expect(failure.reason).toBe('cancelled');
		expect(failure.attempts).toBe(1);
		expect(failure.durationMs).toBeLessThan(5000);
	});

	it('sends nothing when the signal has already fired', async () => {
		server = await startScriptedServer([reply(200)]);

		const failure = await failureOf(
			callWithRetry(requestTo(server.url), { signal: AbortSignal.abort() }),
		);

		expect(failure.reason).toBe('cancelled');
		expect(failure.attempts).toBe(0);
		expect(server.requests).toHaveLength(0);
	});
});
