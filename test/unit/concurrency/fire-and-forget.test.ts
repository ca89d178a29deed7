import { startFanOut } from '../../../lib/concurrency';
import { BranchLog, forever, sleep } from './branches';

describe('startFanOut: fire and forget (the `none` completion mode)', () => {
	it('returns at once with the started branches and reports failures later through completion', async () => {
		const fanOut = startFanOut(
			4,
			async (index) => {
				await sleep(3);
				if (index === 2) throw new Error('branch 2 failed');
				return index;
			},
			{ concurrency: 2, failurePolicy: { mode: 'never' } },
		);

		expect(fanOut.started).toEqual([0, 1]);
		const report = await fanOut.completion;
		expect(report.counts).toEqual({ succeeded: 3, failed: 1, cancelled: 0, skipped: 0 });
		expect(report.results[2]).toMatchObject({
			status: 'failed',
			error: new Error('branch 2 failed'),
		});
	});

	it('causes no unhandled rejection when nobody waits for it and every branch fails', async () => {
		const settled: number[] = [];

		// Jest 30 fails the running test on any unhandled rejection, so not awaiting is the check.
		startFanOut(
			5,
			async (index) => {
				await sleep(1);
				settled.push(index);
				throw new Error(`branch ${index} failed`);
			},
			{ concurrency: 5, failurePolicy: { mode: 'failFast' } },
		);
		await sleep(30);

		expect(settled).toEqual([0, 1, 2, 3, 4]);
	});

	it('can be cancelled later: running branches are aborted, the rest skipped', async () => {
		const log = new BranchLog();
		const fanOut = startFanOut(
			4,
			(index, signal) => {
				log.start(index, signal);
				return forever();
			},
			{ concurrency: 2 },
		);

		fanOut.cancel(new Error('workflow deactivated'));

		expect(await fanOut.completion).toMatchObject({
			failed: true,
			endCause: 'cancelled',
			counts: { cancelled: 2, skipped: 2 },
		});
		expect(log.aborted).toEqual(new Set([0, 1]));
	});
});
