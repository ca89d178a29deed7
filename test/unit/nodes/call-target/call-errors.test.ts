import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { CallFailedError, InvalidCallOptionError } from '../../../../lib/call';
import { callErrorToNodeError, callFailureDetails } from '../../../../nodes/shared/call-target';

const NODE: INode = {
	id: 'n1',
	name: 'Trigger Workflow',
	type: 'n8n-nodes-workflow-coordination.triggerWorkflow',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function failure(
	details: Partial<ConstructorParameters<typeof CallFailedError>[1]>,
	message: string,
) {
	return new CallFailedError(message, {
		reason: 'status',
		attempts: 1,
		durationMs: 12,
		attemptLog: [{ attempt: 1, status: 400, durationMs: 12, delayBeforeMs: 0 }],
		...details,
	});
}

describe('callErrorToNodeError', () => {
	it('turns a refused call into a NodeApiError with the status, the answer and the item', () => {
		const error = callErrorToNodeError(
			NODE,
			failure(
				{ status: 400, bodyExcerpt: '{"error":"missing email"}' },
				'The call to http://h/webhook/a was answered with status 400 (1 attempt)',
			),
			3,
		);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'The call to http://h/webhook/a was answered with status 400 (1 attempt)',
		);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect(error.description).toBe('The called workflow answered: {"error":"missing email"}');
		expect(error.context.itemIndex).toBe(3);
	});

	it('keeps its own message when it names a Node error code that n8n would replace', () => {
		const message =
			'The call to http://h/webhook/a could not reach the server: ECONNREFUSED (5 attempts)';
		const error = callErrorToNodeError(NODE, failure({ reason: 'network' }, message), 0);
		expect(error.message).toBe(message);
	});

	it('names the editor field of an unusable option', () => {
		const error = callErrorToNodeError(
			NODE,
			new InvalidCallOptionError(
				'maxAttempts',
				'maxAttempts must be a whole number of at least 1, got 0',
			),
			1,
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Retry and Timeouts > Max Attempts: maxAttempts must be a whole number of at least 1, got 0',
		);
		expect(error.context.itemIndex).toBe(1);
	});

	it('passes n8n errors through unchanged', () => {
		const original = new NodeOperationError(NODE, 'Custom Body is not valid JSON');
		expect(callErrorToNodeError(NODE, original, 0)).toBe(original);
	});
});

describe('callFailureDetails', () => {
	it('gives what an error item shows: reason, status, excerpt, attempts and their log', () => {
		const details = callFailureDetails(
			failure({ status: 503, bodyExcerpt: 'busy', attempts: 1 }, 'The call ... status 503'),
		);
		expect(details).toEqual({
			message: 'The call ... status 503',
			reason: 'status',
			status: 503,
			bodyExcerpt: 'busy',
			attempts: 1,
			durationMs: 12,
			attemptLog: [{ attempt: 1, status: 400, durationMs: 12, delayBeforeMs: 0 }],
		});
	});

	it('gives only the message of any other error', () => {
		expect(callFailureDetails(new Error('store is down'))).toEqual({ message: 'store is down' });
	});
});
