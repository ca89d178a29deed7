import { NodeOperationError } from 'n8n-workflow';

import { executeFanOut } from '../../../../nodes/FanOut/execute-fan-out';
import { fakeContext, jsonOf, until } from './fake-context';
import { FakeTarget } from './fake-target';

const items = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));

/** A target that answers at once, failing the branches whose `n` is listed. */
function failing(ns: number[]): FakeTarget {
	const target = new FakeTarget();
	target.auto = (call) => (ns.includes(call.n as number) ? call.fail() : call.succeed());
	return target;
}

describe('Fan Out: completion modes', () => {
	it('stops at the first success: running branches are cancelled, the rest never start', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(6),
			parameters: { completion: 'firstSuccess', concurrency: 3 },
		});
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 3);
		target.callFor(0).fail();
		await until(() => target.calls.length === 4);
		target.callFor(2).succeed({ winner: 2 });
		const [success, failure] = await run;

		expect(target.calls).toHaveLength(4);
		expect(target.callFor(1).aborted).toBe(true);
		expect(target.callFor(3).aborted).toBe(true);
		expect(jsonOf(success)).toEqual([
			expect.objectContaining({ index: 2, response: { winner: 2 } }),
		]);
		expect(jsonOf(failure).map((json) => [json.index, json.outcome])).toEqual([
			[0, 'failed'],
			[1, 'cancelled'],
			[3, 'cancelled'],
			[4, 'skipped'],
			[5, 'skipped'],
		]);
	});

	it('stops once the quorum has succeeded and cancels the branches still running', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(5),
			parameters: { completion: 'quorum', quorum: 2, concurrency: 5 },
		});
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 5);
		target.callFor(4).succeed();
		target.callFor(0).fail();
		target.callFor(1).succeed();
		const [success, failure] = await run;

		expect(jsonOf(success).map((json) => json.index)).toEqual([1, 4]);
		expect(jsonOf(failure).map((json) => [json.index, json.outcome])).toEqual([
			[0, 'failed'],
			[2, 'cancelled'],
			[3, 'cancelled'],
		]);
		expect([2, 3].every((n) => target.callFor(n).aborted)).toBe(true);
	});

	it('fails as soon as the quorum can no longer be reached', async () => {
		const { context } = fakeContext({
			items: items(4),
			parameters: { completion: 'quorum', quorum: 3, concurrency: 1 },
		});
		await expect(executeFanOut(context, failing([0, 1]).dependencies)).rejects.toThrow(
			'3 successful branches were needed but at most 2 of 4 can succeed',
		);
	});
});

describe('Fan Out: failure policies', () => {
	it.each([
		[[3, 7], 'passes'],
		[[1, 3, 7], 'fails'],
	])('tolerates exactly Max Failures = 2 (failing %j %s)', async (failingNs, verdict) => {
		const { context } = fakeContext({
			items: items(10),
			parameters: {
				failurePolicy: 'tolerate',
				maxFailures: 2,
				maxFailurePercent: 100,
				concurrency: 1,
			},
		});
		const run = executeFanOut(context, failing(failingNs).dependencies);

		if (verdict === 'fails') {
			await expect(run).rejects.toThrow('3 of 10 branches failed, more than the 2 tolerated');
			return;
		}
		const [success, failure] = await run;
		expect(success).toHaveLength(8);
		expect(jsonOf(failure).map((json) => json.index)).toEqual(failingNs);
	});

	it.each([
		[[0, 9], 'passes'],
		[[0, 5, 9], 'fails'],
	])(
		'tolerates exactly Max Failure Percent = 20 of 10 branches (failing %j %s)',
		async (failingNs, verdict) => {
			const { context } = fakeContext({
				items: items(10),
				parameters: {
					failurePolicy: 'tolerate',
					maxFailures: -1,
					maxFailurePercent: 20,
					concurrency: 1,
				},
			});
			const run = executeFanOut(context, failing(failingNs).dependencies);

			if (verdict === 'fails') {
				await expect(run).rejects.toThrow('3 of 10 branches failed, more than the 20% tolerated');
				return;
			}
			expect((await run)[1]).toHaveLength(2);
		},
	);

	it('fails fast: the first failure cancels the running branches and skips the rest', async () => {
		const target = new FakeTarget();
		const { context } = fakeContext({
			items: items(6),
			parameters: { failurePolicy: 'failFast', concurrency: 3 },
			continueOnFail: true,
		});
		const run = executeFanOut(context, target.dependencies);

		await until(() => target.calls.length === 3);
		target.callFor(0).succeed();
		await until(() => target.calls.length === 4);
		target.callFor(2).fail('the CRM said no');
		const [success, failure] = await run;

		expect(target.callFor(1).aborted).toBe(true);
		expect(target.callFor(3).aborted).toBe(true);
		expect(target.calls).toHaveLength(4);
		expect(jsonOf(success).map((json) => json.index)).toEqual([0]);
		expect(jsonOf(failure).map((json) => [json.index, json.outcome])).toEqual([
			[1, 'cancelled'],
			[2, 'failed'],
			[3, 'cancelled'],
			[4, 'skipped'],
			[5, 'skipped'],
		]);
		expect(jsonOf(failure)[1].error).toMatchObject({ message: 'the CRM said no' });
		expect(failure.map((item) => item.pairedItem)).toEqual(
			[1, 2, 3, 4, 5].map((item) => ({ item })),
		);
	});

	it('without Continue On Fail, a failed run throws a NodeOperationError with the reason', async () => {
		const { context } = fakeContext({ items: items(3), parameters: { concurrency: 1 } });
		const run = executeFanOut(context, failing([1]).dependencies);

		await expect(run).rejects.toBeInstanceOf(NodeOperationError);
		await expect(run).rejects.toThrow(
			'Branch 1 failed and the failure policy is fail fast: call for n=1 failed',
		);
	});

	it('with the policy Never, runs every branch and routes failures to the Failure output', async () => {
		const { context } = fakeContext({
			items: items(6),
			parameters: { failurePolicy: 'never', concurrency: 2 },
		});
		const [success, failure] = await executeFanOut(context, failing([0, 2, 4]).dependencies);

		expect(jsonOf(success).map((json) => json.index)).toEqual([1, 3, 5]);
		expect(jsonOf(failure).map((json) => [json.index, json.outcome, json.attempts])).toEqual([
			[0, 'failed', 1],
			[2, 'failed', 1],
			[4, 'failed', 1],
		]);
	});

	it('adds a summary item flagged summary: true with counts and duration percentiles', async () => {
		const { context } = fakeContext({
			items: items(4),
			parameters: { failurePolicy: 'never', options: { includeSummary: true } },
		});
		const [success] = await executeFanOut(context, failing([2]).dependencies);

		const summary = success[success.length - 1];
		expect(summary.json).toMatchObject({
			summary: true,
			total: 4,
			succeeded: 3,
			failed: 1,
			cancelled: 0,
			skipped: 0,
			runFailed: false,
			endCause: 'completed',
		});
		expect(typeof summary.json.p50DurationMs).toBe('number');
		expect(typeof summary.json.p95DurationMs).toBe('number');
		expect(summary.pairedItem).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	});
});
