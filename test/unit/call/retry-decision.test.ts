import type { AttemptOutcome } from '../../../lib/call/attempt';
import { judgeAttempt, type JudgeAttemptInput } from '../../../lib/call/retry-decision';
import { resolveRetryPolicy } from '../../../lib/call/retry-policy';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function answered(status: number, headers: Record<string, string> = {}): AttemptOutcome {
	return { kind: 'answered', response: { status, headers, text: '' } };
}

function judge(outcome: AttemptOutcome, changes: Partial<JudgeAttemptInput> = {}) {
	return judgeAttempt({
		outcome,
		attemptNumber: 1,
		policy: resolveRetryPolicy({ jitter: 'none' }),
		remainingMs: 60_000,
		nowMs: NOW,
		...changes,
	});
}

describe('judgeAttempt', () => {
	it('succeeds on any 2xx', () => {
		expect(judge(answered(200)).action).toBe('succeed');
		expect(judge(answered(204)).action).toBe('succeed');
	});

	it('retries a 503 after the computed backoff', () => {
		expect(judge(answered(503), { attemptNumber: 2 })).toEqual({ action: 'retry', delayMs: 1000 });
	});

	it('retries a 429 after the time its Retry-After asks for', () => {
		expect(judge(answered(429, { 'retry-after': '3' }))).toEqual({
			action: 'retry',
			delayMs: 3000,
		});
	});

	it('falls back to the backoff when Retry-After is unreadable', () => {
		expect(judge(answered(429, { 'retry-after': 'later' }))).toEqual({
			action: 'retry',
			delayMs: 500,
		});
	});

	it('fails at once on a status that is not retried', () => {
		for (const status of [301, 400, 401, 404, 422]) {
			expect(judge(answered(status))).toEqual({ action: 'fail', reason: 'status' });
		}
	});

	it('fails with the last reason once the attempts are used up', () => {
		expect(judge(answered(503), { attemptNumber: 5 })).toEqual({
			action: 'fail',
			reason: 'status',
		});
		expect(judge({ kind: 'timeout', cause: undefined }, { attemptNumber: 5 })).toEqual({
			action: 'fail',
			reason: 'timeout',
		});
	});

	it('fails with deadline when the wait would use up the time left', () => {
		expect(judge(answered(503, { 'retry-after': '120' }), { remainingMs: 5000 })).toEqual({
			action: 'fail',
			reason: 'deadline',
		});
		expect(judge(answered(503), { remainingMs: 0 })).toEqual({
			action: 'fail',
			reason: 'deadline',
		});
	});

	it('retries the network errors that are transient and no others', () => {
		const network = (errorCode: string): AttemptOutcome => ({
			kind: 'network',
			errorCode,
			cause: undefined,
		});
		for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']) {
			expect(judge(network(code)).action).toBe('retry');
		}
		for (const code of ['ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_INVALID_CHAR', 'UNKNOWN']) {
			expect(judge(network(code))).toEqual({ action: 'fail', reason: 'network' });
		}
	});

	it('follows the policy switches for network errors and timeouts', () => {
		const policy = resolveRetryPolicy({ retryOnNetworkErrors: false, retryOnTimeout: false });
		expect(
			judge({ kind: 'network', errorCode: 'ECONNRESET', cause: undefined }, { policy }),
		).toEqual({ action: 'fail', reason: 'network' });
		expect(judge({ kind: 'timeout', cause: undefined }, { policy })).toEqual({
			action: 'fail',
			reason: 'timeout',
		});
	});

	it('reports a stopped attempt with the reason the call was stopped', () => {
		const stopped: AttemptOutcome = { kind: 'stopped', cause: undefined };
		expect(judge(stopped, { stopReason: 'deadline' })).toEqual({
			action: 'fail',
			reason: 'deadline',
		});
		expect(judge(stopped, { stopReason: 'cancelled' })).toEqual({
			action: 'fail',
			reason: 'cancelled',
		});
	});
});
