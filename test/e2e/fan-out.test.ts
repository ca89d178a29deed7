import path from 'node:path';

import {
	PACKAGE_ROOT,
	nodeOutput,
	startN8n,
	type ExecutionRecord,
	type N8nInstance,
} from '../../tools/n8n-host';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'e2e', 'fixtures', 'fan-out');
const BRANCHES = 12;
const FAIL_AT = 7;

/** The most child executions that ran at the same moment, by n8n's own start and stop times. */
function mostAtOnce(executions: ExecutionRecord[]): number {
	const events = executions.flatMap((execution) => [
		{ at: Date.parse(execution.startedAt), delta: 1 },
		{ at: Date.parse(execution.stoppedAt ?? execution.startedAt), delta: -1 },
	]);
	// At equal times a stop counts before a start: touching is not overlapping.
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let running = 0;
	let most = 0;
	for (const event of events) {
		running += event.delta;
		most = Math.max(most, running);
	}
	return most;
}

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await startN8n();
	// Bound by name on import, like the templates' credential.
	await n8n.api.createCredential({
		name: 'Fan Out E2E Signing',
		type: 'workflowCoordinationSigningApi',
		data: { secret: 'fan-out-e2e-'.padEnd(48, 'x'), baseUrl: '' },
	});
	await n8n.importWorkflows(
		[
			'child-http.json',
			'child-in-process.json',
			'child-fire-and-forget.json',
			'parent-http.json',
			'parent-in-process.json',
			'parent-fire-and-forget.json',
			'child-signed.json',
			'parent-signed-identical.json',
		].map((file) => path.join(FIXTURES, file)),
	);
	for (const webhookPath of [
		'fan-out-e2e-child',
		'fan-out-e2e-parent-http',
		'fan-out-e2e-parent-in-process',
		'fan-out-e2e-parent-fire-and-forget',
		'fan-out-e2e-signed-child',
		'fan-out-e2e-signed-parent',
	]) {
		await n8n.waitForWebhook(webhookPath);
	}
});

afterAll(async () => {
	await n8n?.stop();
});

describe.each([
	{
		how: 'over HTTP (a path on this n8n)',
		parentPath: 'fan-out-e2e-parent-http',
		parentId: 'wfcFanOutParH001',
		childId: 'wfcFanOutChildH1',
	},
	{
		how: 'in-process (by workflow ID)',
		parentPath: 'fan-out-e2e-parent-in-process',
		parentId: 'wfcFanOutParP001',
		childId: 'wfcFanOutChildP1',
	},
])('Fan Out in a real n8n, $how', ({ parentPath, parentId, childId }) => {
	let parent: ExecutionRecord;
	let children: ExecutionRecord[];

	beforeAll(async () => {
		const response = await n8n.webhook(parentPath, {
			body: { count: BRANCHES, failAt: FAIL_AT },
			headers: { 'x-correlation-id': 'e2e-batch-1' },
		});
		expect(response.status).toBe(200);
		[parent] = await n8n.api.waitForExecutions(parentId, 1, 60_000);
		children = await n8n.api.waitForExecutions(childId, BRANCHES, 60_000);
	});

	it('runs one child execution per item, several of them at the same time', () => {
		expect(children).toHaveLength(BRANCHES);
		expect(mostAtOnce(children)).toBeGreaterThanOrEqual(2);
	});

	it('returns the successes in input order, each with its child answer and correlation ID', () => {
		const success = nodeOutput(parent, 'Fan Out', 0).filter((json) => json.summary !== true);
		const expected = Array.from({ length: BRANCHES }, (_, n) => n).filter((n) => n !== FAIL_AT);

		expect(parent.status).toBe('success');
		expect(success.map((json) => json.index)).toEqual(expected);
		expect(success.map((json) => (json.response as { doubled: number }).doubled)).toEqual(
			expected.map((n) => n * 2),
		);
		// The parent's correlation ID is generated (the Make Items node does not pass the trigger's
		// on), shared by all branches, and reaches each child as <parent>:<index>.
		const parentId = String(success[0].correlationId).replace(/:0$/, '');
		for (const json of success) {
			expect(json.correlationId).toBe(`${parentId}:${String(json.index)}`);
			expect((json.response as { correlationId: string }).correlationId).toBe(json.correlationId);
		}
	});

	it('puts the failing branch on the Failure output and counts it in the summary', () => {
		const failure = nodeOutput(parent, 'Fan Out', 1);
		const summary = nodeOutput(parent, 'Fan Out', 0).find((json) => json.summary === true);

		expect(failure).toEqual([
			expect.objectContaining({ index: FAIL_AT, outcome: 'failed', attempts: 1 }),
		]);
		expect(children.filter((execution) => execution.status === 'error')).toHaveLength(1);
		expect(summary).toMatchObject({
			total: BRANCHES,
			succeeded: BRANCHES - 1,
			failed: 1,
			runFailed: false,
		});
	});
});

describe('Fan Out in a real n8n, fire and forget (Completion None)', () => {
	it('acknowledges every branch at once and still runs them all, in-process, after the execution ended', async () => {
		const count = 8;
		await n8n.webhook('fan-out-e2e-parent-fire-and-forget', { body: { count, failAt: -1 } });
		const [parent] = await n8n.api.waitForExecutions('wfcFanOutParF001', 1, 60_000);

		expect(parent.status).toBe('success');
		expect(nodeOutput(parent, 'Fan Out', 0).map((json) => [json.index, json.outcome])).toEqual(
			Array.from({ length: count }, (_, n) => [n, n < 2 ? 'started' : 'queued']),
		);
		const children = await n8n.api.waitForExecutions('wfcFanOutChildF1', count, 60_000);
		expect(children.map((child) => child.status)).toEqual(Array(count).fill('success'));
		expect(
			children
				.map((child) => (nodeOutput(child, 'Work 5-50 ms')[0] as { n: number }).n)
				.sort((a, b) => a - b),
		).toEqual(Array.from({ length: count }, (_, n) => n));
	});
});

describe('Fan Out to a signed Coordination Trigger', () => {
	it('gets every branch through although their bodies are byte-identical, since each signs its own key', async () => {
		const response = await n8n.webhook<{ succeeded: number; failed: unknown[] }>(
			'fan-out-e2e-signed-parent',
			{ body: {}, timeoutMs: 60_000 },
		);

		expect(response.status).toBe(200);
		expect(response.body).toEqual({ succeeded: 6, failed: [] });
		const children = await n8n.api.waitForExecutions('wfcFanOutChildS1', 6);
		expect(children.map((child) => child.status)).toEqual(Array(6).fill('success'));
		const keys = children.map((child) => nodeOutput(child, 'Signed Call')[0].idempotencyKey);
		expect(new Set(keys).size).toBe(6);
	});
});
