import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	reply,
	startScriptedServer,
	type ScriptedServer,
} from '../../../integration/call/scripted-server';
import { FAST_RETRY, httpParameters, runTriggerWorkflow } from './run-node';

let server: ScriptedServer;

afterEach(async () => {
	await server?.close();
});

function sentBodies(): unknown[] {
	return server.requests.map((request) => JSON.parse(request.rawBody.toString()) as unknown);
}

describe('Trigger Workflow, once for each item', () => {
	it('sends each item JSON and outputs each answer with its trace, paired to its item', async () => {
		server = await startScriptedServer([reply(200, { created: true })]);

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url),
			items: [{ json: { email: 'a@x', correlationId: 'trace-1' } }, { json: { email: 'b@x' } }],
		});

		expect(sentBodies()).toEqual([{ email: 'a@x', correlationId: 'trace-1' }, { email: 'b@x' }]);
		expect(output).toHaveLength(2);
		expect(output[0]).toEqual({
			json: {
				response: { created: true },
				correlationId: 'trace-1',
				idempotencyKey: server.requests[0].headers['idempotency-key'],
				attempts: 1,
				durationMs: expect.any(Number),
				attemptLog: [{ attempt: 1, status: 200, durationMs: expect.any(Number), delayBeforeMs: 0 }],
			},
			pairedItem: { item: 0 },
		});
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(server.requests[0].headers['x-correlation-id']).toBe('trace-1');
		expect(server.requests[1].headers['x-correlation-id']).toBe(output[1].json.correlationId);
	});

	it('adds status and headers with Include Response Status and Headers', async () => {
		server = await startScriptedServer([reply(201, { id: 9 }, { 'x-request-id': 'r-1' })]);

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url, { options: { includeResponseMeta: true } }),
		});

		expect(output[0].json).toMatchObject({ status: 201, headers: { 'x-request-id': 'r-1' } });
	});

	it('sends Custom Body, parsed from its JSON text', async () => {
		server = await startScriptedServer([reply(200, {})]);

		await runTriggerWorkflow({
			parameters: httpParameters(server.url, {
				bodySource: 'custom',
				customBody: (itemIndex: number) => `{"n": ${itemIndex}}`,
			}),
			items: [{ json: {} }, { json: {} }],
		});

		expect(sentBodies()).toEqual([{ n: 0 }, { n: 1 }]);
	});

	it('refuses Custom Body that is not JSON, naming the field, and sends nothing', async () => {
		server = await startScriptedServer([reply(200, {})]);

		const run = runTriggerWorkflow({
			parameters: httpParameters(server.url, { bodySource: 'custom', customBody: '{"n": }' }),
		});

		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toThrow(/^Custom Body is not valid JSON/);
		expect(server.requests).toHaveLength(0);
	});

	it('stops before sending anything when a later item has an unusable parameter', async () => {
		server = await startScriptedServer([reply(200, {})]);

		const run = runTriggerWorkflow({
			parameters: httpParameters(server.url, {
				bodySource: 'custom',
				customBody: (itemIndex: number) => (itemIndex === 2 ? 'not json' : '{}'),
			}),
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});

		await expect(run).rejects.toMatchObject({ context: { itemIndex: 2 } });
		expect(server.requests).toHaveLength(0);
	});

	it('retries by the Retry and Timeouts settings and logs the attempts', async () => {
		server = await startScriptedServer([reply(503), reply(503), reply(200, { ok: true })]);

		const { output, fake } = await runTriggerWorkflow({
			parameters: httpParameters(server.url, { retry: { ...FAST_RETRY, maxAttempts: 3 } }),
			items: [{ json: { correlationId: 'trace-r' } }],
		});

		expect(output[0].json).toMatchObject({ response: { ok: true }, attempts: 3 });
		expect((output[0].json.attemptLog as Array<{ status: number }>).map((a) => a.status)).toEqual([
			503, 503, 200,
		]);
		const keys = new Set(server.requests.map((request) => request.headers['idempotency-key']));
		expect(keys.size).toBe(1);
		expect(
			fake.logs.filter((line) => line.message === 'TriggerWorkflow: attempt ended'),
		).toHaveLength(3);
	});

	it('puts the correlation ID on every log line', async () => {
		server = await startScriptedServer([reply(503), reply(200, {})]);

		const { fake } = await runTriggerWorkflow({
			parameters: httpParameters(server.url),
			items: [{ json: { correlationId: 'trace-log' } }],
		});

		expect(fake.logs.length).toBeGreaterThanOrEqual(3);
		for (const line of fake.logs) {
			expect(line.message).toMatch(/^TriggerWorkflow: /);
			expect(line.meta.correlationId).toBe('trace-log');
		}
	});
});

describe('Trigger Workflow, once with all items', () => {
	it('sends the list of items in one call and outputs one item paired to every input', async () => {
		server = await startScriptedServer([reply(200, { count: 3 })]);

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url, { itemMode: 'allItems' }),
			items: [{ json: { n: 1, correlationId: 'batch-1' } }, { json: { n: 2 } }, { json: { n: 3 } }],
		});

		expect(sentBodies()).toEqual([[{ n: 1, correlationId: 'batch-1' }, { n: 2 }, { n: 3 }]]);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ response: { count: 3 }, correlationId: 'batch-1' });
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('outputs nothing and calls nothing when there are no items', async () => {
		server = await startScriptedServer([reply(200, {})]);

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url, { itemMode: 'allItems' }),
			items: [],
		});

		expect(output).toEqual([]);
		expect(server.requests).toHaveLength(0);
	});
});

describe('Trigger Workflow in-process', () => {
	it('links the output to the child execution so the editor can open it', async () => {
		const { output, fake } = await runTriggerWorkflow({
			parameters: { target: 'workflow', workflowId: 'childWf1', mode: 'wait', options: {} },
			items: [{ json: { correlationId: 'trace-ip', n: 1 } }],
			executeWorkflow: async () => ({ executionId: '77', data: [[{ json: { done: 1 } }]] }),
		});

		expect(fake.workflowRuns[0].inputData?.[0].json).toMatchObject({
			body: { correlationId: 'trace-ip', n: 1 },
			correlationId: 'trace-ip',
		});
		expect(output[0]).toMatchObject({
			json: { response: { done: 1 }, childExecutionId: '77', correlationId: 'trace-ip' },
			metadata: { subExecution: { executionId: '77', workflowId: 'childWf1' } },
			pairedItem: { item: 0 },
		});
	});

	it('fires and forgets, outputting the child execution id', async () => {
		const { output, fake } = await runTriggerWorkflow({
			parameters: { target: 'workflow', workflowId: 'childWf1', mode: 'fireAndForget' },
			executeWorkflow: async () => ({ executionId: '78', data: [null] }),
		});

		expect(fake.workflowRuns[0].options?.doNotWaitToFinish).toBe(true);
		expect(output[0].json).toMatchObject({
			response: { accepted: true, executionId: '78' },
			childExecutionId: '78',
		});
	});
});

describe('Trigger Workflow when a call fails', () => {
	it('stops with a NodeApiError carrying the status, the answer and the item index', async () => {
		server = await startScriptedServer([reply(400, { error: 'missing email' })]);

		const failure = await runTriggerWorkflow({
			parameters: httpParameters(server.url),
			items: [{ json: {} }],
		}).catch((error: unknown) => error);

		expect(failure).toBeInstanceOf(NodeApiError);
		expect(failure).toMatchObject({
			httpCode: '400',
			description: 'The called workflow answered: {"error":"missing email"}',
			context: { itemIndex: 0 },
		});
		expect(server.requests).toHaveLength(1);
	});

	it('with Continue On Fail, outputs an error item for the failed item and goes on', async () => {
		server = await startScriptedServer([
			reply(400, { error: 'missing email' }),
			reply(200, { ok: 1 }),
		]);

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url),
			items: [{ json: { correlationId: 'trace-e' } }, { json: { correlationId: 'trace-f' } }],
			continueOnFail: true,
		});

		expect(output).toHaveLength(2);
		const key = server.requests[0].headers['idempotency-key'];
		expect(output[0].json).toEqual({
			error: expect.objectContaining({
				reason: 'status',
				status: 400,
				bodyExcerpt: '{"error":"missing email"}',
				attempts: 1,
				correlationId: 'trace-e',
				idempotencyKey: key,
			}),
			correlationId: 'trace-e',
			idempotencyKey: key,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		// An n8n error object on the item would make n8n replace this JSON with the bare message.
		expect(output[0].error).toBeUndefined();
		expect(output[1].json).toMatchObject({ response: { ok: 1 }, correlationId: 'trace-f' });
	});

	it('with On Error "continue (using error output)", leaves only `error` at the top, as n8n requires to route it', async () => {
		server = await startScriptedServer([reply(503, { busy: true })]);

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url, { retry: { ...FAST_RETRY, maxAttempts: 2 } }),
			items: [{ json: { correlationId: 'trace-o' } }],
			node: { onError: 'continueErrorOutput' },
			continueOnFail: true,
		});

		expect(Object.keys(output[0].json)).toEqual(['error']);
		expect(output[0].json.error).toMatchObject({
			status: 503,
			attempts: 2,
			correlationId: 'trace-o',
			idempotencyKey: server.requests[0].headers['idempotency-key'],
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('with Continue On Fail, reports a configuration error of one item as an error item too', async () => {
		const { output } = await runTriggerWorkflow({
			parameters: { target: 'url', url: 'not a url', mode: 'wait' },
			items: [{ json: { correlationId: 'trace-c' } }],
			continueOnFail: true,
		});

		expect(output[0].json).toEqual({
			error: expect.objectContaining({
				message: expect.stringMatching(/^Webhook URL gives/),
				correlationId: 'trace-c',
			}),
			correlationId: 'trace-c',
		});
	});
});
