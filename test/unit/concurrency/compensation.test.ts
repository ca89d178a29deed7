import {
	BranchTimeoutError,
	compensationOrder,
	runCompensations,
	runFanOut,
} from '../../../lib/concurrency';
import { forever, sleep } from './branches';

describe('runCompensations', () => {
	it('undoes the succeeded branches in the reverse order of their completion', async () => {
		const delays = [40, 10, 25, 3, 0];
		const report = await runFanOut(
			5,
			async (index) => {
				await sleep(delays[index]);
				if (index === 4) throw new Error('the step that failed');
			},
			{ concurrency: 5, failurePolicy: { mode: 'never' } },
		);
		const compensated: number[] = [];

		await runCompensations(compensationOrder(report), async (index) => {
			compensated.push(index);
		});

		expect(report.succeededInCompletionOrder).toEqual([3, 1, 2, 0]);
		expect(compensated).toEqual([0, 2, 1, 3]);
	});

	it('runs one compensation at a time and carries on past a failing one', async () => {
		let inFlight = 0;
		let maxInFlight = 0;

		const report = await runCompensations([3, 2, 1, 0], async (index) => {
			inFlight += 1;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await sleep(2);
			inFlight -= 1;
			if (index === 2) throw new Error('refund failed');
		});

		expect(maxInFlight).toBe(1);
		expect(report.outcomes.map((outcome) => [outcome.index, outcome.status])).toEqual([
			[3, 'compensated'],
			[2, 'failed'],
			[1, 'compensated'],
			[0, 'compensated'],
		]);
		expect(report.outcomes[1]).toMatchObject({ error: new Error('refund failed') });
		expect(report).toMatchObject({
			failed: true,
			counts: { compensated: 3, failed: 1, skipped: 0 },
		});
	});

	it('gives up on a compensation that outlives its timeout and moves on', async () => {
		const aborted: number[] = [];

		const report = await runCompensations(
			[1, 0],
			(index, signal) => {
				signal.addEventListener('abort', () => aborted.push(index));
				return index === 1 ? forever() : Promise.resolve();
			},
			{ timeoutMs: 15 },
		);

		expect(aborted).toEqual([1]);
		expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'compensated']);
		expect(report.outcomes[0].status === 'failed' && report.outcomes[0].error).toBeInstanceOf(
			BranchTimeoutError,
		);
	});

	it('stops when the caller signal fires: the running one fails, the rest are skipped', async () => {
		const controller = new AbortController();
		const stopReason = new Error('execution stopped');
		setTimeout(() => controller.abort(stopReason), 10);

		const report = await runCompensations([2, 1, 0], () => forever(), {
			signal: controller.signal,
		});

		expect(report.outcomes).toEqual([
			{ index: 2, status: 'failed', error: stopReason, durationMs: expect.any(Number) },
			{ index: 1, status: 'skipped' },
			{ index: 0, status: 'skipped' },
		]);
	});

	it('reports success when there is nothing to compensate', async () => {
		expect(await runCompensations([], () => Promise.resolve())).toEqual({
			outcomes: [],
			failed: false,
			counts: { compensated: 0, failed: 0, skipped: 0 },
		});
	});
});
