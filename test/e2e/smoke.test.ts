import path from 'node:path';

import { PACKAGE_ROOT, nodeOutput, startN8n, type N8nInstance } from '../../tools/n8n-host';

const SMOKE_WORKFLOW = path.join(PACKAGE_ROOT, 'test', 'e2e', 'fixtures', 'smoke-ping.json');

describe('the package inside a real n8n', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await startN8n();
		await n8n.importWorkflows([SMOKE_WORKFLOW]);
		await n8n.waitForWebhook('smoke-ping');
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('runs a workflow started by our Coordination Trigger and answers over HTTP', async () => {
		const response = await n8n.webhook<Record<string, unknown>>('smoke-ping', {
			body: { customer: 'ada@example.com', attempt: 1 },
			headers: { 'x-correlation-id': 'smoke-run-1' },
		});

		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			pong: true,
			echo: { customer: 'ada@example.com', attempt: 1 },
			correlationId: 'smoke-run-1',
		});
	});

	it('records the execution with each node output, readable through the public API', async () => {
		const [execution] = await n8n.api.waitForExecutions('wfcSmokePing0001', 1);

		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const [triggerItem] = nodeOutput(execution, 'Coordination Trigger');
		expect(triggerItem).toMatchObject({
			body: { customer: 'ada@example.com', attempt: 1 },
			correlationId: 'smoke-run-1',
		});
		expect(nodeOutput(execution, 'Answer Pong')).toEqual([
			{
				pong: true,
				echo: { customer: 'ada@example.com', attempt: 1 },
				correlationId: 'smoke-run-1',
			},
		]);
	});

	it('creates credentials through the public API, refusing fields the type does not have', async () => {
		const id = await n8n.api.createCredential({
			name: 'Smoke header auth',
			type: 'httpHeaderAuth',
			data: { name: 'x-smoke', value: 'secret-value' },
		});

		expect(id).toMatch(/^\w+$/);
		await expect(
			n8n.api.createCredential({
				name: 'Broken',
				type: 'httpHeaderAuth',
				data: { notAField: true },
			}),
		).rejects.toThrow(/answered 400/);
	});

	it('starts a new trace when the caller sends no usable correlation ID', async () => {
		const response = await n8n.webhook<{ correlationId: string }>('smoke-ping', {
			body: {},
			headers: { 'x-correlation-id': 'bad id; drop table' },
		});

		expect(response.status).toBe(200);
		expect(response.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
	});
});
