import { getEventListeners } from 'node:events';

import { BranchTimeoutError, runFanOut } from '../../../lib/concurrency';
import { BranchLog, forever, sleep } from './branches';
import { ManualClock } from './manual-clock';

describe('runFanOut: timeouts, deadline and cancellation', () => {
	it('aborts a branch that outlives its timeout and records it as failed with a timeout error', async () => {
		const log = new BranchLog();

		const report = await runFanOut(
			3,
			async (index, signal) => {
				log.start(index, signal);
				if (index === 1) return forever();
				await sleep(2);
				return index;
			},
			{ concurrency: 3, branchTimeoutMs: 25, failurePolicy: { mode: 'never' } },
		);

		expect(log.aborted).toEqual(new Set([1]));
		expect(report.results.map((result) => result.status)).toEqual([
			'succeeded',
			'failed',
			'succeeded',
		]);
		const timedOut = report.results[1];
		expect(timedOut.status === 'failed' && timedOut.error).toBeInstanceOf(BranchTimeoutError);
		expect(timedOut).toMatchObject({ error: { branchIndex: 1, timeoutMs: 25 } });
		expect(timedOut.status === 'failed' && timedOut.durationMs).toBeGreaterThanOrEqual(20);
	});

	it('counts a timeout as a failure under failFast', async () => {
		const report = await runFanOut(3, () => forever(), { concurrency: 1, branchTimeoutMs: 5 });

		expect(report).toMatchObject({
			failed: true,
			endCause: 'failureLimit',
			counts: { failed: 1, skipped: 2 },
		});
		expect(report.failureReason).toContain('Branch 0 did not finish within 5 ms');
	});

	it('gives up at the overall deadline: running branches cancelled, the others skipped', async () => {
		const log = new BranchLog();

		const report = await runFanOut(
			6,
			async (index, signal) => {
				log.start(index, signal);
				if (index >= 2) return forever();
				await sleep(2);
				return index;
			},
			{ concurrency: 3, deadlineMs: 40 },
		);

		expect(report).toMatchObject({ failed: true, endCause: 'deadline' });
		expect(report.failureReason).toBe(
			'The deadline of 40 ms passed with 4 of 6 branches unfinished',
		);
		expect(report.results.map((result) => result.status)).toEqual([
			'succeeded',
			'succeeded',
			'cancelled',
			'cancelled',
			'cancelled',
			'skipped',
		]);
		expect(log.aborted).toEqual(new Set([2, 3, 4]));
		expect(report.elapsedMs).toBeGreaterThanOrEqual(35);
	});

	it('honours the caller signal at once, even when branches ignore theirs', async () => {
		const log = new BranchLog();
		const controller = new AbortController();
		const stopReason = new Error('execution stopped');
		setTimeout(() => controller.abort(stopReason), 10);

		const report = await runFanOut(
			5,
			(index, signal) => {
				log.start(index, signal);
				return forever();
			},
			{ concurrency: 2, signal: controller.signal },
		);

		expect(report).toMatchObject({ failed: true, endCause: 'cancelled' });
		expect(report.failureReason).toBe(
			'The fan-out was cancelled before it finished: execution stopped',
		);
		expect(log.aborted).toEqual(new Set([0, 1]));
		expect(report.results[0]).toMatchObject({
			status: 'cancelled',
			error: { name: 'BranchCancelledError', endCause: 'cancelled', cause: stopReason },
		});
		expect(report.counts).toEqual({ succeeded: 0, failed: 0, cancelled: 2, skipped: 3 });
	});

	it('starts nothing when the caller signal has already fired', async () => {
		const runBranch = jest.fn(() => Promise.resolve());

		const report = await runFanOut(3, runBranch, {
			concurrency: 2,
			signal: AbortSignal.abort(),
		});

		expect(report).toMatchObject({ failed: true, endCause: 'cancelled', counts: { skipped: 3 } });
		expect(runBranch).not.toHaveBeenCalled();
	});

	it('leaves no timer and no signal listener behind once the report is out', async () => {
		const clock = new ManualClock();
		const controller = new AbortController();

		const completion = runFanOut(4, () => Promise.resolve('done'), {
			concurrency: 2,
			ratePerSecond: 100,
			branchTimeoutMs: 1000,
			deadlineMs: 5000,
			onProgress: () => undefined,
			signal: controller.signal,
			clock,
		});
		await clock.advance(50);
		const report = await completion;

		expect(report.counts.succeeded).toBe(4);
		expect(clock.pendingTimers).toBe(0);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});
});
