import { BranchCancelledError, runFanOut, type FailurePolicy } from '../../../lib/concurrency';
import { BranchLog, forever, sleep } from './branches';

/** Runs `total` branches one at a time; the listed ones fail, the others succeed. */
function runWithFailures(total: number, failing: number[], failurePolicy: FailurePolicy) {
	const runBranch = jest.fn(async (index: number) => {
		await sleep(0);
		if (failing.includes(index)) throw new Error(`branch ${index} failed`);
		return index;
	});
	return { runBranch, report: runFanOut(total, runBranch, { concurrency: 1, failurePolicy }) };
}

describe('runFanOut: failure policies', () => {
	it('failFast aborts the running branches at the first failure and skips the rest', async () => {
		const log = new BranchLog();

		const report = await runFanOut(
			10,
			async (index, signal) => {
				log.start(index, signal);
				if (index !== 1) return forever();
				await sleep(5);
				throw new Error('payment service refused');
			},
			{ concurrency: 3, failurePolicy: { mode: 'failFast' } },
		);
		await sleep(20);

		expect(report).toMatchObject({ failed: true, endCause: 'failureLimit' });
		expect(report.failureReason).toBe(
			'Branch 1 failed and the failure policy is fail fast: payment service refused',
		);
		expect(log.started).toEqual([0, 1, 2]);
		expect(log.aborted).toEqual(new Set([0, 2]));
		expect(report.results.map((result) => result.status)).toEqual([
			'cancelled',
			'failed',
			'cancelled',
			...Array<string>(7).fill('skipped'),
		]);
		expect(report.results[2].status === 'cancelled' && report.results[2].error).toMatchObject({
			name: 'BranchCancelledError',
			endCause: 'failureLimit',
		});
		// The branch sees the very error the report records, e.g. as the rejection of its fetch.
		expect(log.abortReasons.get(2)).toBe(
			report.results[2].status === 'cancelled' && report.results[2].error,
		);
	});

	it('fails fast by default in all mode', async () => {
		const { report } = runWithFailures(3, [0], { mode: 'failFast' });
		const defaulted = await runFanOut(3, () => Promise.reject(new Error('x')), { concurrency: 1 });

		expect((await report).counts).toEqual(defaulted.counts);
		expect(defaulted).toMatchObject({ failed: true, counts: { failed: 1, skipped: 2 } });
	});

	it('tolerating 2 failures lets exactly 2 fail and completes the run', async () => {
		const { report, runBranch } = runWithFailures(10, [0, 1], { mode: 'tolerate', maxFailures: 2 });

		expect(await report).toMatchObject({
			failed: false,
			endCause: 'completed',
			counts: { succeeded: 8, failed: 2 },
		});
		expect(runBranch).toHaveBeenCalledTimes(10);
	});

	it('tolerating 2 failures fails the run at the 3rd and starts nothing after it', async () => {
		const { report, runBranch } = runWithFailures(10, [0, 1, 2], {
			mode: 'tolerate',
			maxFailures: 2,
		});

		expect(await report).toMatchObject({
			failed: true,
			endCause: 'failureLimit',
			failureReason: '3 of 10 branches failed, more than the 2 tolerated',
			counts: { failed: 3, skipped: 7 },
		});
		expect(runBranch).toHaveBeenCalledTimes(3);
	});

	it.each([
		[20, 10, 2, false],
		[20, 10, 3, true],
		[25, 10, 2, false],
		[25, 10, 3, true],
		[4, 0, 0, false],
		[4, 0, 1, true],
	])(
		'with %i branches and %i%% tolerated, %i failures fail the run: %s',
		async (total, maxFailurePercent, failureCount, shouldFail) => {
			const failing = Array.from({ length: failureCount }, (_, index) => index);

			const report = await runWithFailures(total, failing, { mode: 'tolerate', maxFailurePercent })
				.report;

			expect(report.failed).toBe(shouldFail);
			expect(report.counts.failed).toBe(failureCount);
		},
	);

	it('never fails the run for failed branches, and reports every one of them', async () => {
		const report = await runWithFailures(5, [0, 1, 2, 3, 4], { mode: 'never' }).report;

		expect(report).toMatchObject({ failed: false, endCause: 'completed', counts: { failed: 5 } });
		expect(report.failureReason).toBeUndefined();
		for (const result of report.results) {
			expect(result.status === 'failed' && result.error).toEqual(
				new Error(`branch ${result.index} failed`),
			);
		}
	});

	it('does not count cancelled branches as failures', async () => {
		const report = await runFanOut(
			4,
			async (index) => {
				if (index > 0) return forever();
				await sleep(2);
				throw new Error('first failure');
			},
			{ concurrency: 4 },
		);

		expect(report.counts).toEqual({ succeeded: 0, failed: 1, cancelled: 3, skipped: 0 });
		expect(report.results[3].status === 'cancelled' && report.results[3].error).toBeInstanceOf(
			BranchCancelledError,
		);
	});
});
