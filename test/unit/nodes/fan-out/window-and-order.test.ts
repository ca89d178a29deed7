import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { executeFanOut } from '../../../../nodes/FanOut/execute-fan-out';
import { fakeContext, jsonOf, until } from './fake-context';
import { FakeTarget } from './fake-target';

const items = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));

describe('Fan Out: window and order', () => {
	it('never has more than Concurrency branches in flight, and keeps the window full', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({ items: items(12), parameters: { concurrency: 3 } });
		const run = executeFanOut(context, target.dependencies);

		// Finish whichever call is oldest, one at a time; the window must refill after each.
		for (let finished = 0; finished < 12; finished++) {
			await until(() => target.pending.length === Math.min(3, 12 - finished), 'a full window');
			expect(target.inFlight).toBe(Math.min(3, 12 - finished));
			target.pending[0].succeed();
		}
		const [success, failure] = await run;

		expect(target.maxInFlight).toBe(3);
		expect(success).toHaveLength(12);
		expect(failure).toHaveLength(0);
	});

	it('starts the next branch as soon as one ends, not when the whole wave has ended', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({ items: items(4), parameters: { concurrency: 2 } });
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 2);
		target.callFor(0).succeed();
		await until(() => target.calls.length === 3, 'branch 2 to start');

		expect(target.callFor(1).settled).toBe(false);
		target.callFor(1).succeed();
		await until(() => target.calls.length === 4);
		target.callFor(2).succeed();
		target.callFor(3).succeed();
		await run;
	});

	it('returns results in input order with pairedItem, whatever the order of completion', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({ items: items(5), parameters: { concurrency: 5 } });
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 5);
		for (const n of [3, 1, 4, 0, 2]) target.callFor(n).succeed({ answer: n * 10 });
		const [success] = await run;

		expect(success.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(jsonOf(success).map((json) => [json.index, json.response])).toEqual([
			[0, { answer: 0 }],
			[1, { answer: 10 }],
			[2, { answer: 20 }],
			[3, { answer: 30 }],
			[4, { answer: 40 }],
		]);
		expect(jsonOf(success).every((json) => json.outcome === 'succeeded')).toBe(true);
	});

	it("sends each item's JSON as the body, with a <parent>:<index> correlation ID and a derived idempotency key", async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context } = fakeContext({
			items: [{ n: 0, correlationId: 'order-77' }, { n: 1 }, { n: 2 }],
			parameters: {},
		});
		const [success] = await executeFanOut(context, target.dependencies);

		expect(target.calls.map((call) => call.invocation.body)).toEqual([
			{ n: 0, correlationId: 'order-77' },
			{ n: 1 },
			{ n: 2 },
		]);
		const ids = jsonOf(success).map((json) => String(json.correlationId));
		expect(ids[0]).toBe('order-77:0');
		// Items without their own ID share one parent generated for this run.
		const generated = ids[1].replace(/:1$/, '');
		expect(generated).toMatch(/^[0-9a-f-]{36}$/);
		expect(ids[2]).toBe(`${generated}:2`);
		const keys = jsonOf(success).map((json) => json.idempotencyKey);
		expect(new Set(keys).size).toBe(3);
		expect(target.calls.map((call) => call.invocation.idempotencyKey)).toEqual(keys);
	});

	it('fans out over the elements of List Field, each paired with the one input item', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context } = fakeContext({
			items: [{ order: { lines: [{ n: 'a' }, { n: 'b' }, { n: 'c' }] } }],
			parameters: { listField: 'order.lines' },
		});
		const [success] = await executeFanOut(context, target.dependencies);

		expect(target.calls.map((call) => call.invocation.body)).toEqual([
			{ n: 'a' },
			{ n: 'b' },
			{ n: 'c' },
		]);
		expect(jsonOf(success).map((json) => json.index)).toEqual([0, 1, 2]);
		expect(success.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('calls a different workflow per item when Workflow ID is an expression', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context, reads } = fakeContext({
			items: items(3),
			parameters: { workflowId: (itemIndex: number) => `childWorkflow0${itemIndex}` },
		});
		await executeFanOut(context, target.dependencies);

		expect(target.calls.map((call) => call.invocation.target)).toEqual([
			{ kind: 'workflow', workflowId: 'childWorkflow00' },
			{ kind: 'workflow', workflowId: 'childWorkflow01' },
			{ kind: 'workflow', workflowId: 'childWorkflow02' },
		]);
		expect(reads.get('workflowId')).toBe(3);
	});

	it('reads plain target and retry parameters once, not once per branch', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context, reads } = fakeContext({ items: items(50), parameters: { concurrency: 8 } });
		await executeFanOut(context, target.dependencies);

		expect(target.calls).toHaveLength(50);
		expect(reads.get('workflowId')).toBe(1);
		expect(reads.get('target')).toBe(1);
		expect(reads.get('retry')).toBe(1);
	});

	it('runs each branch through the real in-process call path (executeWorkflow) and returns the child answer', async () => {
		const started: unknown[] = [];
		let inFlight = 0;
		let maxInFlight = 0;
		const { context } = fakeContext({
			items: items(6),
			parameters: { concurrency: 2 },
			executeWorkflow: async (workflow, inputItems) => {
				inFlight += 1;
				maxInFlight = Math.max(maxInFlight, inFlight);
				started.push({ workflow, json: inputItems?.[0].json });
				await new Promise((resolve) => setTimeout(resolve, 5));
				inFlight -= 1;
				const body = (inputItems?.[0].json.body ?? {}) as { n: number };
				return { executionId: `child-${body.n}`, data: [[{ json: { doubled: body.n * 2 } }]] };
			},
		});
		const [success] = await executeFanOut(context);

		expect(maxInFlight).toBe(2);
		expect(started[0]).toMatchObject({
			workflow: { id: 'childWorkflow01' },
			json: { body: { n: 0 }, calledBy: { executionId: 'parent-execution-1' } },
		});
		expect(jsonOf(success).map((json) => [json.response, json.childExecutionId])).toEqual(
			[0, 1, 2, 3, 4, 5].map((n) => [{ doubled: n * 2 }, `child-${n}`]),
		);
	});
});

describe('Fan Out over HTTP, through the real call machinery', () => {
	let server: Server;
	let url: string;
	let inFlight = 0;
	let maxInFlight = 0;
	let received = 0;
	const held: Array<() => void> = [];
	const BRANCHES = 20;
	const CONCURRENCY = 3;

	beforeAll(async () => {
		// Holds every request until the window is full (or the tail has arrived), then answers the
		// oldest: so the test sees the most the node ever sends at once, without timing anything.
		server = createServer((request: IncomingMessage, response: ServerResponse) => {
			let text = '';
			request.on('data', (chunk: Buffer) => (text += chunk.toString()));
			request.on('end', () => {
				inFlight += 1;
				received += 1;
				maxInFlight = Math.max(maxInFlight, inFlight);
				held.push(() => {
					inFlight -= 1;
					const body = JSON.parse(text) as { n: number };
					response.setHeader('content-type', 'application/json');
					response.end(
						JSON.stringify({
							square: body.n * body.n,
							correlationId: request.headers['x-correlation-id'],
						}),
					);
				});
				const tail = received === BRANCHES;
				while (held.length > 0 && (held.length >= CONCURRENCY || tail)) held.shift()?.();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/square`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	it('never has more than Concurrency requests at the server and returns answers in input order', async () => {
		const { context } = fakeContext({
			items: items(BRANCHES),
			parameters: { target: 'url', url, concurrency: CONCURRENCY },
		});
		const [success, failure] = await executeFanOut(context);

		expect(maxInFlight).toBe(CONCURRENCY);
		expect(failure).toHaveLength(0);
		expect(jsonOf(success).map((json) => (json.response as { square: number }).square)).toEqual(
			Array.from({ length: BRANCHES }, (_, n) => n * n),
		);
		expect(jsonOf(success).map((json) => json.status)).toEqual(Array(BRANCHES).fill(200));
		// The correlation ID travels as a header, the one the item reports.
		for (const json of jsonOf(success)) {
			expect((json.response as { correlationId: string }).correlationId).toBe(json.correlationId);
		}
	});
});

describe('Fan Out: parameter reads with List Field', () => {
	it('evaluates an expression target once for all elements, since they share the first item', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context, reads } = fakeContext({
			items: [{ list: [{ n: 1 }, { n: 2 }, { n: 3 }] }],
			parameters: { listField: 'list', workflowId: () => 'childWorkflow07' },
		});
		await executeFanOut(context, target.dependencies);

		expect(target.calls).toHaveLength(3);
		expect(reads.get('workflowId')).toBe(1);
	});
});
