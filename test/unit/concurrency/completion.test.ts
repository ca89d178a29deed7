import { BranchCancelledError, runFanOut } from '../../../lib/concurrency';
import { BranchLog, forever, sleep } from './branches';

describe('runFanOut: completion modes', () => {
	it('firstSuccess stops at the first success, aborts the running branches and starts no more', async () => {
		const log = new BranchLog();

		const report = await runFanOut(
			10,
			async (index, signal) => {
				log.start(index, signal);
				if (index !== 1) return forever();
				await sleep(5);
				return 'winner';
			},
			{ concurrency: 3, completion: { mode: 'firstSuccess' } },
		);
		await sleep(20);

		expect(report).toMatchObject({ failed: false, endCause: 'quorumReached' });
		expect(report.results[1]).toMatchObject({ status: 'succeeded', value: 'winner' });
		expect(log.aborted).toEqual(new Set([0, 2]));
		expect(log.started).toEqual([0, 1, 2]);
		expect(report.results[0]).toMatchObject({ status: 'cancelled' });
		expect(report.results[0].status === 'cancelled' && report.results[0].error).toBeInstanceOf(
			BranchCancelledError,
		);
		expect(report.counts).toEqual({ succeeded: 1, failed: 0, cancelled: 2, skipped: 7 });
	});

	it('firstSuccess carries on past failures until one branch succeeds', async () => {
		const report = await runFanOut(
			6,
			async (index) => {
				await sleep(2);
				if (index < 4) throw new Error(`branch ${index} failed`);
				return index;
			},
			{ concurrency: 2, completion: { mode: 'firstSuccess' } },
		);

		expect(report).toMatchObject({ failed: false, endCause: 'quorumReached' });
		expect(report.counts.failed).toBe(4);
		expect(report.succeededInCompletionOrder).toHaveLength(1);
	});

	it('firstSuccess fails when every branch fails', async () => {
		const report = await runFanOut(3, () => Promise.reject(new Error('down')), {
			concurrency: 2,
			completion: { mode: 'firstSuccess' },
		});

		expect(report).toMatchObject({ failed: true, endCause: 'quorumUnreachable' });
		expect(report.failureReason).toContain('1 successful branches were needed');
		expect(report.counts.failed).toBe(3);
	});

	it('quorum stops once N branches succeeded and aborts the rest', async () => {
		const log = new BranchLog();

		const report = await runFanOut(
			8,
			async (index, signal) => {
				log.start(index, signal);
				if (index >= 3) return forever();
				await sleep(3 + index * 3);
				return index;
			},
			{ concurrency: 5, completion: { mode: 'quorum', successes: 3 } },
		);
		await sleep(20);

		expect(report).toMatchObject({ failed: false, endCause: 'quorumReached' });
		expect(report.succeededInCompletionOrder).toEqual([0, 1, 2]);
		// Branches 5 and 6 took the slots of 0 and 1; the quorum was reached before 7 could start.
		expect(log.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(log.aborted).toEqual(new Set([3, 4, 5, 6]));
		expect(report.counts).toEqual({ succeeded: 3, failed: 0, cancelled: 4, skipped: 1 });
	});

	it('quorum fails as soon as too few branches can still succeed, without waiting for the rest', async () => {
		const log = new BranchLog();

		const report = await runFanOut(
			5,
			async (index, signal) => {
				log.start(index, signal);
				if (index >= 2) return forever();
				await sleep(2);
				throw new Error('rejected');
			},
			{ concurrency: 3, completion: { mode: 'quorum', successes: 4 } },
		);

		expect(report).toMatchObject({ failed: true, endCause: 'quorumUnreachable' });
		expect(report.failureReason).toBe(
			'4 successful branches were needed but at most 3 of 5 can succeed',
		);
		// After the second failure only branches 2, 3 and the unstarted 4 remained: 3 < 4.
		expect(log.aborted).toEqual(new Set([2, 3]));
		expect(report.results.map((result) => result.status)).toEqual([
			'failed',
			'failed',
			'cancelled',
			'cancelled',
			'skipped',
		]);
	});

	it('quorum larger than the number of branches fails before any branch starts', async () => {
		const runBranch = jest.fn(() => Promise.resolve());

		const report = await runFanOut(2, runBranch, {
			concurrency: 2,
			completion: { mode: 'quorum', successes: 3 },
		});

		expect(report).toMatchObject({ failed: true, endCause: 'quorumUnreachable' });
		expect(report.counts.skipped).toBe(2);
		expect(runBranch).not.toHaveBeenCalled();
	});
});
