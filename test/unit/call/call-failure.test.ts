import { callFailure } from '../../../lib/call/call-failure';
import { CallFailedError } from '../../../lib/call/errors';

describe('callFailure', () => {
	it('keeps the cause and leaves the query string out of the message', () => {
		const cause = new Error('connect ECONNREFUSED');
		const error = callFailure({
			reason: 'network',
			url: 'http://127.0.0.1:5678/webhook/b?token=secret',
			attemptLog: [{ attempt: 1, errorCode: 'ECONNREFUSED', durationMs: 3, delayBeforeMs: 0 }],
			durationMs: 3,
			errorCode: 'ECONNREFUSED',
			attemptTimeoutMs: 1000,
			deadlineMs: 5000,
			cause,
		});

		expect(error).toBeInstanceOf(CallFailedError);
		expect(error.cause).toBe(cause);
		expect(error.message).toBe(
			'The call to http://127.0.0.1:5678/webhook/b could not reach the server: ECONNREFUSED (1 attempt)',
		);
	});
});
