import { executeFanOut } from '../../../../nodes/FanOut/execute-fan-out';
import { fakeContext, jsonOf, until } from './fake-context';
import { FakeTarget, type FakeCall } from './fake-target';

const items = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));
const COMPENSATE = 'undoWorkflow01';

/** Compensation calls go to the same fake; they are told apart by their target. */
function isCompensation(call: FakeCall): boolean {
	return (
		call.invocation.target.kind === 'workflow' && call.invocation.target.workflowId === COMPENSATE
	);
}

describe('Fan Out: compensation', () => {
	it('undoes the succeeded branches in reverse order of completion when the run fails', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(5),
			parameters: {
				concurrency: 5,
				options: { compensationWorkflowId: COMPENSATE, includeSummary: true },
			},
			continueOnFail: true,
		});
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 5);
		target.callFor(2).succeed({ account: 'acc-2' });
		target.callFor(0).succeed({ account: 'acc-0' });
		target.callFor(3).succeed({ account: 'acc-3' });
		target.auto = (call) => call.succeed({ undone: true });
		target.callFor(1).fail();
		const [success, failure] = await run;

		const compensations = target.calls.filter(isCompensation);
		expect(compensations.map((call) => call.invocation.body)).toEqual([
			{
				index: 3,
				input: { n: 3 },
				response: { account: 'acc-3' },
				correlationId: expect.stringMatching(/:3$/),
			},
			{
				index: 0,
				input: { n: 0 },
				response: { account: 'acc-0' },
				correlationId: expect.stringMatching(/:0$/),
			},
			{
				index: 2,
				input: { n: 2 },
				response: { account: 'acc-2' },
				correlationId: expect.stringMatching(/:2$/),
			},
		]);
		const branchItems = jsonOf(success).filter((json) => !json.summary);
		expect(branchItems.map((json) => [json.index, json.compensation])).toEqual([
			[0, { status: 'compensated', durationMs: expect.any(Number) }],
			[2, { status: 'compensated', durationMs: expect.any(Number) }],
			[3, { status: 'compensated', durationMs: expect.any(Number) }],
		]);
		expect(jsonOf(failure).map((json) => [json.index, json.outcome])).toEqual([
			[1, 'failed'],
			[4, 'cancelled'],
		]);
		expect(jsonOf(success).at(-1)).toMatchObject({
			summary: true,
			runFailed: true,
			compensation: { compensated: 3, failed: 0, skipped: 0 },
		});
	});

	it('reports a failed compensation and still runs the ones after it, then throws the run failure', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(3),
			parameters: { concurrency: 1, options: { compensationWorkflowId: COMPENSATE } },
		});
		target.auto = (call) => {
			if (!isCompensation(call)) return call.n === 2 ? call.fail() : call.succeed();
			const { index } = call.invocation.body as { index: number };
			return index === 1 ? call.fail('undo refused') : call.succeed();
		};

		await expect(executeFanOut(context, target.dependencies)).rejects.toMatchObject({
			message: 'Branch 2 failed and the failure policy is fail fast: call for n=2 failed',
			description: expect.stringContaining('Compensation: 1 compensated, 1 failed, 0 skipped.'),
		});
		expect(
			target.calls
				.filter(isCompensation)
				.map((call) => (call.invocation.body as { index: number }).index),
		).toEqual([1, 0]);
	});

	it('does not compensate a run that succeeded', async () => {
		const target = new FakeTarget();
		target.auto = (call) => call.succeed();
		const { context } = fakeContext({
			items: items(3),
			parameters: { options: { compensationWorkflowId: COMPENSATE } },
		});
		await executeFanOut(context, target.dependencies);

		expect(target.calls.filter(isCompensation)).toHaveLength(0);
	});

	it('refuses two compensation targets before calling anything', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(2),
			parameters: { options: { compensationWorkflowId: COMPENSATE, compensationPath: 'undo' } },
		});

		await expect(executeFanOut(context, target.dependencies)).rejects.toThrow(
			'Options sets more than one of Compensation Path, Compensation URL and Compensation Workflow ID',
		);
		expect(target.calls).toHaveLength(0);
	});
});

describe('Fan Out: cancellation and timeouts', () => {
	it('stops every call in flight when the execution is cancelled, and skips the rest', async () => {
		const target = new FakeTarget();
		const execution = new AbortController();
		const { context } = fakeContext({
			items: items(5),
			parameters: { concurrency: 2 },
			signal: execution.signal,
			continueOnFail: true,
		});
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 2);
		execution.abort(new Error('stopped by the user'));
		const [success, failure] = await run;

		expect(target.calls.every((call) => call.aborted)).toBe(true);
		expect(success).toHaveLength(0);
		expect(jsonOf(failure).map((json) => json.outcome)).toEqual([
			'cancelled',
			'cancelled',
			'skipped',
			'skipped',
			'skipped',
		]);
	});

	it('fails a branch that outlives Branch Timeout as timedOut and aborts its call', async () => {
		const target = new FakeTarget();
		target.auto = (call) => (call.n === 1 ? undefined : call.succeed());
		const { context } = fakeContext({
			items: items(3),
			parameters: { failurePolicy: 'never', options: { branchTimeoutMs: 20 } },
		});
		const [success, failure] = await executeFanOut(context, target.dependencies);

		expect(jsonOf(success).map((json) => json.index)).toEqual([0, 2]);
		expect(jsonOf(failure)).toEqual([
			expect.objectContaining({
				index: 1,
				outcome: 'timedOut',
				attempts: 1,
				error: expect.objectContaining({ reason: 'branchTimeout', timeoutMs: 20 }),
			}),
		]);
		expect(target.callFor(1).aborted).toBe(true);
	});

	it('fails the run when the overall Deadline passes, cancelling what still runs', async () => {
		const target = new FakeTarget();
		target.auto = (call) => (call.n === 0 ? call.succeed() : undefined);
		const { context } = fakeContext({
			items: items(4),
			parameters: { concurrency: 2, options: { deadlineMs: 20 } },
		});

		await expect(executeFanOut(context, target.dependencies)).rejects.toThrow(
			'The deadline of 20 ms passed with 3 of 4 branches unfinished',
		);
		expect(target.calls.filter((call) => call.aborted).map((call) => call.n)).toEqual([1, 2]);
	});
});
