import {
	classifyRequest,
	prefersRespondAsync,
} from '../../../../nodes/CoordinationTrigger/classify-request';

describe('classifyRequest', () => {
	it('reads correlation ID, idempotency key and caller from the coordination headers', () => {
		const classified = classifyRequest({
			'x-correlation-id': 'order-7:2',
			'idempotency-key': 'wfc1_abc',
			'x-wfc-caller-execution-id': '981',
			'x-wfc-caller-workflow-id': 'wfA',
		});

		expect(classified).toEqual({
			accepted: true,
			call: {
				correlationId: 'order-7:2',
				idempotencyKey: 'wfc1_abc',
				caller: { executionId: '981', workflowId: 'wfA' },
				respondAsync: false,
			},
		});
	});

	it('leaves key and caller null when the headers are absent, and starts a new trace', () => {
		const classified = classifyRequest({});

		expect(classified.accepted).toBe(true);
		if (!classified.accepted) return;
		expect(classified.call.idempotencyKey).toBeNull();
		expect(classified.call.caller).toEqual({ executionId: null, workflowId: null });
		expect(classified.call.correlationId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('refuses a too long idempotency key with 400, naming the header', () => {
		const classified = classifyRequest({
			'x-correlation-id': 'c-1',
			'idempotency-key': 'k'.repeat(201),
		});

		expect(classified.accepted).toBe(false);
		if (classified.accepted) return;
		expect(classified.correlationId).toBe('c-1');
		expect(classified.answer.status).toBe(400);
		expect(classified.answer.body).toMatchObject({ error: 'invalid_idempotency_key' });
		expect(String(classified.answer.body?.message)).toMatch(/idempotency-key header/);
	});

	it('drops caller IDs that are too long or hold spaces instead of copying them into the item', () => {
		const classified = classifyRequest({
			'x-wfc-caller-execution-id': 'x'.repeat(101),
			'x-wfc-caller-workflow-id': 'two words',
		});

		expect(classified.accepted && classified.call.caller).toEqual({
			executionId: null,
			workflowId: null,
		});
	});
});

describe('prefersRespondAsync', () => {
	it.each([
		['respond-async', true],
		['Respond-Async', true],
		['respond-async; wait=10', true],
		['return=minimal, respond-async', true],
		[['handling=lenient', 'respond-async'], true],
		['respond-asynchronously', false],
		['return=representation', false],
		[undefined, false],
	])('reads Prefer %j as %s', (header, expected) => {
		expect(prefersRespondAsync(header)).toBe(expected);
	});
});
