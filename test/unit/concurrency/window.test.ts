import { InvalidFanOutOptionError, runFanOut, startFanOut } from '../../../lib/concurrency';
import { randomDelay, sleep } from './branches';

describe('runFanOut: the sliding window', () => {
	it('never has more than N branches in flight, and does reach N', async () => {
		let inFlight = 0;
		let maxInFlight = 0;

		const report = await runFanOut(
			40,
			async (index) => {
				inFlight += 1;
				maxInFlight = Math.max(maxInFlight, inFlight);
				await sleep(randomDelay(1, 8));
				inFlight -= 1;
				return index;
			},
			{ concurrency: 4 },
		);

		expect(maxInFlight).toBe(4);
		expect(report.counts.succeeded).toBe(40);
	});

	it('starts a new branch as soon as one ends, so a slow branch does not hold back the others', async () => {
		const finished: number[] = [];

		await runFanOut(
			6,
			async (index) => {
				await sleep(index === 0 ? 200 : 10);
				finished.push(index);
			},
			{ concurrency: 2 },
		);

		// In waves, branch 1 would have waited for branch 0 before branch 2 could start.
		expect(finished).toEqual([1, 2, 3, 4, 5, 0]);
	});

	it('reports results in input order whatever the order of completion', async () => {
		const report = await runFanOut(
			5,
			async (index) => {
				await sleep((5 - index) * 6);
				return `value ${index}`;
			},
			{ concurrency: 5 },
		);

		expect(report.results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4]);
		expect(report.results.map((result) => result.status === 'succeeded' && result.value)).toEqual([
			'value 0',
			'value 1',
			'value 2',
			'value 3',
			'value 4',
		]);
		expect(report.succeededInCompletionOrder).toEqual([4, 3, 2, 1, 0]);
		expect(report.results[4]).toMatchObject({ completionOrder: 0 });
		expect(report.results[0]).toMatchObject({ completionOrder: 4 });
	});

	it('records start time and duration of every branch and duration percentiles over them', async () => {
		const before = Date.now();

		const report = await runFanOut(4, () => sleep(15), { concurrency: 2 });

		for (const result of report.results) {
			expect(result).toMatchObject({ status: 'succeeded' });
			if (result.status !== 'succeeded') continue;
			expect(result.startedAt).toBeGreaterThanOrEqual(before);
			expect(result.durationMs).toBeGreaterThanOrEqual(10);
		}
		expect(report.durationPercentiles?.p50).toBeGreaterThanOrEqual(10);
		expect(report.durationPercentiles?.p95).toBeGreaterThanOrEqual(
			report.durationPercentiles?.p50 ?? 0,
		);
		expect(report).toMatchObject({ failed: false, endCause: 'completed' });
	});

	it('records a branch that throws synchronously as failed without disturbing the others', async () => {
		const report = await runFanOut(
			3,
			(index) => {
				if (index === 1) throw new Error('bad input');
				return Promise.resolve(index);
			},
			{ concurrency: 3, failurePolicy: { mode: 'never' } },
		);

		expect(report.results.map((result) => result.status)).toEqual([
			'succeeded',
			'failed',
			'succeeded',
		]);
		expect(report.results[1]).toMatchObject({ error: new Error('bad input') });
	});

	it('finishes at once, with an empty report, when there are no branches', async () => {
		const report = await runFanOut(0, () => Promise.resolve(), { concurrency: 3 });

		expect(report).toMatchObject({ failed: false, endCause: 'completed', results: [] });
		expect(report.durationPercentiles).toBeUndefined();
	});

	it('starts the first window before startFanOut returns', async () => {
		const calls: number[] = [];

		const fanOut = startFanOut(
			5,
			async (index) => {
				calls.push(index);
				await sleep(1);
			},
			{ concurrency: 3 },
		);

		expect(fanOut.started).toEqual([0, 1, 2]);
		expect(calls).toEqual([0, 1, 2]);
		await expect(fanOut.completion).resolves.toMatchObject({ counts: { succeeded: 5 } });
	});

	it.each([
		[{ concurrency: 0 }, 'concurrency'],
		[{ concurrency: 1.5 }, 'concurrency'],
		[{ concurrency: 2, ratePerSecond: 0 }, 'ratePerSecond'],
		[{ concurrency: 2, deadlineMs: -1 }, 'deadlineMs'],
		[
			{ concurrency: 2, completion: { mode: 'quorum', successes: 0 } as const },
			'completion.successes',
		],
		[{ concurrency: 2, failurePolicy: { mode: 'tolerate' } as const }, 'failurePolicy'],
		[
			{ concurrency: 2, failurePolicy: { mode: 'tolerate', maxFailurePercent: 120 } as const },
			'failurePolicy.maxFailurePercent',
		],
	])('rejects unusable options, naming the option: %j', async (options, option) => {
		const runBranch = jest.fn(() => Promise.resolve());

		await expect(runFanOut(3, runBranch, options)).rejects.toMatchObject({
			name: 'InvalidFanOutOptionError',
			option,
		});
		expect(() => startFanOut(3, runBranch, options)).toThrow(InvalidFanOutOptionError);
		expect(runBranch).not.toHaveBeenCalled();
	});
});
