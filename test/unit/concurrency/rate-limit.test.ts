import { runFanOut } from '../../../lib/concurrency';
import { StartRateLimiter } from '../../../lib/concurrency/rate-limiter';
import { sleep } from './branches';
import { ManualClock } from './manual-clock';

describe('StartRateLimiter', () => {
	it('allows `burst` starts at once, then one per 1000 / rate ms', () => {
		const limiter = new StartRateLimiter(4, 2, 0);

		expect(limiter.delayUntilNextStartMs(0)).toBe(0);
		limiter.recordStart(0);
		limiter.recordStart(0);
		expect(limiter.delayUntilNextStartMs(0)).toBe(250);
		expect(limiter.delayUntilNextStartMs(100)).toBe(150);
		expect(limiter.delayUntilNextStartMs(250)).toBe(0);
	});

	it('does not save up more than `burst` starts during a quiet spell', () => {
		const limiter = new StartRateLimiter(10, 2, 0);

		limiter.recordStart(10_000);
		limiter.recordStart(10_000);

		expect(limiter.delayUntilNextStartMs(10_000)).toBe(100);
	});
});

describe('runFanOut: rate limit', () => {
	/** Runs branches that end at once and returns the clock time at which each started. */
	async function startTimes(options: { ratePerSecond: number; rateBurst?: number }) {
		const clock = new ManualClock();
		const origin = clock.now();
		const times: number[] = [];

		const completion = runFanOut(
			5,
			(index) => {
				times[index] = clock.now() - origin;
				return Promise.resolve();
			},
			{ concurrency: 10, clock, ...options },
		);
		await clock.advance(2000);
		await completion;
		return times;
	}

	it('spaces branch starts by 1000 / ratePerSecond ms even when the window has room', async () => {
		expect(await startTimes({ ratePerSecond: 10 })).toEqual([0, 100, 200, 300, 400]);
	});

	it('lets a burst of starts through before spacing the rest', async () => {
		expect(await startTimes({ ratePerSecond: 10, rateBurst: 3 })).toEqual([0, 0, 0, 100, 200]);
	});

	it('spaces starts in real time too', async () => {
		const times: number[] = [];

		await runFanOut(
			4,
			async () => {
				times.push(Date.now());
				await sleep(1);
			},
			{ concurrency: 4, ratePerSecond: 50 },
		);

		// Three gaps of 20 ms; only a lower bound, since a busy machine may add to it.
		expect(times[3] - times[0]).toBeGreaterThanOrEqual(55);
	});
});
