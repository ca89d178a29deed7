import { NodeOperationError } from 'n8n-workflow';

import { executeFanOut } from '../../../../nodes/FanOut/execute-fan-out';
import { fakeContext, jsonOf, until } from './fake-context';
import { FakeTarget } from './fake-target';

const items = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));

describe('Fan Out: bad settings and input', () => {
	it('names Concurrency when it is not a whole number of at least 1, and calls nothing', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({ items: items(2), parameters: { concurrency: 0 } });
		const run = executeFanOut(context, target.dependencies);

		await expect(run).rejects.toBeInstanceOf(NodeOperationError);
		await expect(run).rejects.toThrow(
			/^Concurrency: concurrency must be a whole number of at least 1/,
		);
		expect(target.calls).toHaveLength(0);
	});

	it('names List Field when the first item has no array there', async () => {
		const { context } = fakeContext({
			items: [{ order: { lines: 'not a list' } }],
			parameters: { listField: 'order.lines' },
		});

		await expect(executeFanOut(context, new FakeTarget().dependencies)).rejects.toThrow(
			'List Field "order.lines" of the first item is a string, not an array',
		);
	});

	it('tells, as an execution hint, that List Field used only the first of several items', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context, hints } = fakeContext({
			items: [{ list: [{ n: 1 }] }, { list: [{ n: 2 }] }],
			parameters: { listField: 'list' },
		});
		await executeFanOut(context, target.dependencies);

		expect(target.calls.map((call) => call.n)).toEqual([1]);
		expect(hints).toEqual([expect.stringContaining('1 further input item(s) were not used')]);
	});

	it('throws for an item whose target is unusable before calling any branch', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(3),
			parameters: {
				workflowId: (itemIndex: number) => (itemIndex === 1 ? 'not an id!' : 'childWorkflow01'),
			},
		});

		await expect(executeFanOut(context, target.dependencies)).rejects.toThrow(
			'Workflow ID "not an id!" is not a workflow ID',
		);
		expect(target.calls).toHaveLength(0);
	});

	it('with Continue On Fail, reports that item as invalid on Failure and runs the others', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context } = fakeContext({
			items: items(3),
			parameters: {
				failurePolicy: 'never',
				workflowId: (itemIndex: number) => (itemIndex === 1 ? 'not an id!' : 'childWorkflow01'),
			},
			continueOnFail: true,
		});
		const [success, failure] = await executeFanOut(context, target.dependencies);

		expect(jsonOf(success).map((json) => json.index)).toEqual([0, 2]);
		expect(jsonOf(failure)).toEqual([
			expect.objectContaining({
				index: 1,
				outcome: 'invalid',
				attempts: 0,
				error: expect.objectContaining({
					message: 'Workflow ID "not an id!" is not a workflow ID',
				}),
			}),
		]);
	});

	it('logs progress with the correlation ID of the run', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context, logs } = fakeContext({
			items: [{ n: 0, correlationId: 'batch-9' }, { n: 1 }],
			parameters: {},
		});
		await executeFanOut(context, target.dependencies);

		expect(logs).toContainEqual({
			level: 'info',
			message: 'FanOut: progress',
			meta: { correlationId: 'batch-9', total: 2, done: 2, succeeded: 2, failed: 0, inFlight: 0 },
		});
	});
});

describe('Fan Out: fire and forget (Completion None)', () => {
	it('returns one acknowledgement per branch at once and runs the rest on in the same window', async () => {
		const target = new FakeTarget();
		const { context, logs } = fakeContext({
			items: items(5),
			parameters: { completion: 'none', concurrency: 2 },
		});
		const [acknowledged, failure] = await executeFanOut(context, target.dependencies);

		expect(target.calls).toHaveLength(2);
		expect(failure).toHaveLength(0);
		expect(jsonOf(acknowledged).map((json) => [json.index, json.outcome])).toEqual([
			[0, 'started'],
			[1, 'started'],
			[2, 'queued'],
			[3, 'queued'],
			[4, 'queued'],
		]);

		for (let n = 0; n < 5; n++) {
			await until(() => target.calls.length === Math.min(n + 2, 5));
			expect(target.inFlight).toBeLessThanOrEqual(2);
			target.callFor(n).succeed();
		}
		await until(() => logs.some((line) => line.message === 'FanOut: background run finished'));
		expect(
			logs.find((line) => line.message === 'FanOut: background run finished')?.meta,
		).toMatchObject({
			succeeded: 5,
			failed: 0,
		});
	});

	it('logs a background run that failed by its policy, and throws nothing', async () => {
		const target = new FakeTarget();
		target.auto = (call) => (call.n === 1 ? call.fail() : call.succeed());
		const { context, logs } = fakeContext({
			items: items(3),
			parameters: { completion: 'none', concurrency: 1 },
		});
		await executeFanOut(context, target.dependencies);

		await until(() => logs.some((line) => line.message === 'FanOut: background run failed'));
		expect(
			logs.find((line) => line.message === 'FanOut: background run failed')?.meta,
		).toMatchObject({
			succeeded: 1,
			failed: 1,
			skipped: 1,
			reason: 'Branch 1 failed and the failure policy is fail fast: call for n=1 failed',
		});
	});
});
